package sell.bench;

/** Runs the create load (or, with "health" last, the ceiling) alone against a service that is already up: LoadMain PORT PRODUCT SECONDS [health]. */
public final class LoadMain {
    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String product = args[1];
        double seconds = Double.parseDouble(args[2]);
        boolean health = args.length > 3 && args[3].equals("health");
        LoadClient.Result r = LoadClient.run(port, 64, 5, seconds - 5, n -> health ? LoadClient.get("/sell/health")
                : LoadClient.post("/sell/api/orders", "application/json", Orders.body("p" + n, product)));
        System.out.printf("%,.0f/s p50 %.2f ms p99 %.2f ms errors %d client cpu %.0f%%%n", r.perSecond(),
                Benchmark.pct(r.sortedLatencyNanos(), 50), Benchmark.pct(r.sortedLatencyNanos(), 99), r.errors(),
                100 * r.clientCpuSeconds() / r.seconds());
    }
}
