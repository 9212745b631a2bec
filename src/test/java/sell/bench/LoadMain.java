package sell.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Compares services that are already up (two builds, or one build with two sets of flags):
 * LoadMain SECONDS PORT:PRODUCT [PORT:PRODUCT]... Health and create are loaded in turns on each
 * service, round after round, so that a machine that speeds up or slows down meanwhile does so
 * for all of them alike; each round starts with the next service (the first one measured in a
 * round came out about a tenth faster when it was always the same).
 */
public final class LoadMain {
    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoadMain SECONDS PORT:PRODUCT [PORT:PRODUCT]...");
            System.exit(2);
        }
        double seconds = Double.parseDouble(args[0]);
        int services = args.length - 1;
        List<List<LoadClient.Result>> health = new ArrayList<>();
        List<List<LoadClient.Result>> create = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            health.add(new ArrayList<>());
            create.add(new ArrayList<>());
        }
        for (int round = 0; round < Benchmark.ROUNDS; round++) {
            for (int turn = 0; turn < services; turn++) {
                int s = (turn + round) % services;
                String[] target = args[1 + s].split(":");
                int port = Integer.parseInt(target[0]);
                String product = target[1];
                IntFunction<byte[]> order = n -> LoadClient.post("/sell/api/orders", "application/json",
                        Orders.body("r" + port + "-" + n, product));
                // the first round warms each service up for longer
                double settle = round == 0 ? 5 : Benchmark.SETTLE_SECONDS;
                // as in the benchmark: health first in even rounds, create first in odd ones
                IntFunction<byte[]> check = n -> LoadClient.get("/sell/health");
                if (round % 2 == 0) health.get(s).add(LoadClient.run(port, 64, settle, seconds / Benchmark.ROUNDS, check));
                create.get(s).add(LoadClient.run(port, 64, settle, seconds / Benchmark.ROUNDS, order));
                if (round % 2 == 1) health.get(s).add(LoadClient.run(port, 64, settle, seconds / Benchmark.ROUNDS, check));
            }
        }
        for (int s = 0; s < services; s++) {
            LoadClient.Result h = LoadClient.Result.merge(health.get(s));
            LoadClient.Result c = LoadClient.Result.merge(create.get(s));
            System.out.printf("%s  health %,.0f/s  create %,.0f/s p99 %.2f ms  ratio %.3f  errors %d%n", args[1 + s],
                    h.perSecond(), c.perSecond(), Benchmark.pct(c.sortedLatencyNanos(), 99),
                    c.perSecond() / h.perSecond(), h.errors() + c.errors());
        }
    }
}
