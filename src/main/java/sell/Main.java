package sell;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, starts the service, and stops it cleanly on SIGTERM or Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(Config.usage());
            return;
        }
        App app;
        try {
            Config config = Config.from(System.getenv(), args);
            app = App.start(config);
        } catch (Config.Invalid e) {
            System.err.println("sell: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sell-shutdown"));
        Logger log = LoggerFactory.getLogger(Main.class);
        String console = "http://localhost:" + app.port() + "/sell/seller/";
        if (app.tokenFromDataFolder()) {
            log.info("sell is up. Seller console: {}?token={}", console, app.sellerToken());
        } else {
            log.info("sell is up. Seller console: {} (sign in with SELL_SELLER_TOKEN)", console);
        }
    }
}
