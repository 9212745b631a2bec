package sell;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, starts the service, and stops it cleanly on SIGTERM or Ctrl-C. */
public final class Main {
    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";
    private Main() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(Config.usage());
            System.out.println("       java -jar target/sell.jar add-shop NAME [--timezone Area/City] [--db PATH]   adds a shop and prints its seller token");
            System.out.println("       java -jar target/sell.jar rotate-token SHOP [--db PATH]  prints the shop's new seller token; the old one stops at once");
            System.out.println("       java -jar target/sell.jar self-test                   runs sell end to end on a throwaway database");
            System.out.println(BackupCommand.USAGE);
            return;
        }
        // Jetty pads its atomic arrays to this many references per cache line; without the
        // setting it asks the JMX platform server, whose start-up costs more than the answer
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
        if (args.length > 0 && args[0].equals("self-test")) {
            selfTest();
            return;
        }
        if (args.length > 0 && args[0].equals("backup")) {
            int status = BackupCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err);
            if (status != 0) System.exit(status);
            return;
        }
        if (args.length > 0 && args[0].equals("add-shop")) {
            addShop(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("rotate-token")) {
            rotateToken(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // load the web server's classes on the second core while this one opens the database
        Thread warmUp = new Thread(Main::loadWebClasses, "sell-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        App app;
        Config config;
        try {
            config = Config.from(System.getenv(), args);
            app = App.start(config);
        } catch (Config.Invalid e) {
            System.err.println("sell: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sell-shutdown"));
        Logger log = LoggerFactory.getLogger(Main.class);
        if (app.metricsPort() >= 0) log.info("metrics at http://{}:{}/metrics", config.metrics().bind(), app.metricsPort());
        String console = "http://localhost:" + app.port() + "/sell/seller/";
        if (app.tokenFromDataFolder()) {
            log.info("sell is up. Seller console: {}?token={}", console, app.sellerToken());
        } else if (app.sellerToken() == null) {
            log.info("sell is up. Seller console: {} (sign in with the token the first instance made, or set "
                    + "SELL_SELLER_TOKEN on every instance)", console);
        } else {
            log.info("sell is up. Seller console: {} (sign in with SELL_SELLER_TOKEN)", console);
        }
    }

    private static void selfTest() {
        try {
            SelfTest.Result result = SelfTest.run();
            System.out.printf("self-test passed in %d ms: order %s (%d.%02d) arrived on the seller socket as seq %d%n",
                    result.millis(), result.orderId(), result.amountCents() / 100, result.amountCents() % 100, result.seq());
        } catch (Exception | LinkageError e) {
            System.err.println("sell: self-test failed: " + e);
            System.exit(1);
        }
    }

    private static void addShop(String[] args) {
        if (args.length == 0) {
            System.err.println("sell: add-shop needs the shop's name");
            System.exit(2);
        }
        try {
            String[] flags = Arrays.copyOfRange(args, 1, args.length);
            Config config = Config.from(System.getenv(), flags);
            // --timezone names the shop's own zone; without it, the shop follows SELL_TIMEZONE
            boolean ownZone = Arrays.stream(flags).anyMatch(f -> f.equals("--timezone") || f.startsWith("--timezone="));
            var created = App.addShop(config, args[0], ownZone ? config.timeZone() : null);
            System.out.println("shop " + created.shop().shopId() + " (" + created.shop().shopName() + ") added; seller token: "
                    + created.token());
        } catch (Config.Invalid | IllegalArgumentException e) {
            System.err.println("sell: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void rotateToken(String[] args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("sell: rotate-token needs the shop's id (the default shop's is " + sell.shop.Shop.DEFAULT_ID + ")");
            System.exit(2);
        }
        try {
            Config config = Config.from(System.getenv(), Arrays.copyOfRange(args, 1, args.length));
            String token = App.rotateToken(config, args[0]);
            System.out.println("shop " + args[0] + ": new seller token: " + token);
            System.out.println("the old token no longer works; every console signed in with it must sign in again");
        } catch (Config.Invalid | IllegalArgumentException e) {
            System.err.println("sell: " + e.getMessage());
            System.exit(2);
        } catch (sell.core.Refusal refused) {
            System.err.println("sell: " + refused.getMessage());
            System.exit(2);
        }
    }

    /** Creates (and drops) a Javalin instance and a JSON round trip: class loading only, nothing starts. */
    private static void loadWebClasses() {
        try {
            // Jdbi registers its statement event with the flight recorder on its first statement,
            // which builds the recorder's whole type library: about 0.1 s, here off the main thread
            Class.forName("org.jdbi.v3.core.statement.internal.JfrSupport", true, Main.class.getClassLoader());
        } catch (ReflectiveOperationException | LinkageError ignored) {
            // only an optimisation, as below
        }
        try {
            io.javalin.Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.startup.startupWatcherEnabled = false;
                c.routes.get("/", ctx -> ctx.result(""));
                c.routes.ws("/ws", ws -> ws.onConnect(ctx -> { }));
            });
            new org.eclipse.jetty.server.Server();
            sell.core.Json.readObject("{\"warm\":[1,2.5,\"up\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sell.core.Json.write(java.util.Map.of("warm", java.math.BigDecimal.ONE));
        } catch (RuntimeException | LinkageError ignored) {
            // only an optimisation: whatever failed here loads later as usual
        }
    }
}
