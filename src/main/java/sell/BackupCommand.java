package sell;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sell.db.Backup;

/** {@code sell backup FILE [--force] [--db PATH]}: a copy of the SQLite database, also while a server runs on it. */
final class BackupCommand {
    static final String USAGE = "       java -jar target/sell.jar backup FILE [--force] [--db PATH]   copies the SQLite database"
            + " to FILE while it serves (--force replaces an existing FILE)";

    private BackupCommand() {
    }

    /** Runs the command; answers the exit status: 0 copied, 2 refused (a usage or setting that cannot work), 1 failed. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String file = null;
        boolean force = false;
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--force")) {
                force = true;
            } else if (arg.startsWith("--")) {
                flags.add(arg);
                if (!arg.contains("=") && i + 1 < args.length) flags.add(args[++i]);
            } else if (file == null) {
                file = arg;
            } else {
                err.println("sell: backup takes one FILE, got '" + file + "' and '" + arg + "'");
                return 2;
            }
        }
        if (file == null || file.isBlank()) {
            err.println("sell: backup needs the FILE to write, e.g. backup backups/sell-$(date +%F).db");
            return 2;
        }
        try {
            Config config = Config.from(env, flags.toArray(String[]::new));
            Backup.Result copied = Backup.copy(config.database(), Path.of(file), force);
            out.printf(Locale.ROOT, "backed up %s to %s: %.1f MiB, %,d orders, %d shop%s, in %d ms%n",
                    copied.source(), copied.target(), copied.bytes() / 1048576.0, copied.orders(), copied.shops(),
                    copied.shops() == 1 ? "" : "s", copied.millis());
            return 0;
        } catch (Config.Invalid | Backup.Refused e) {
            err.println("sell: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("sell: backup failed, nothing was written to " + file + ": " + e.getMessage());
            return 1;
        }
    }
}
