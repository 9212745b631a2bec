package sell;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Settings of one running instance, read once from the environment and flags and passed down. */
public record Config(int port, String db, Path dataDir, String sellerToken, int rateLimit) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DB = "data/sell.db";

    /** A setting that cannot be used; its message is the one line printed before the process stops. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Flags win over environment variables, which win over defaults. */
    public static Config from(Map<String, String> env, String[] args) {
        Map<String, String> values = new HashMap<>();
        copy(env, "SELL_PORT", values, "port");
        copy(env, "SELL_DB", values, "db");
        copy(env, "SELL_SELLER_TOKEN", values, "token");
        copy(env, "SELL_RATE_LIMIT", values, "rate-limit");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) throw new Invalid("unexpected argument '" + arg + "' (see --help)");
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new Invalid("flag --" + name + " needs a value (see --help)");
            }
            if (!name.equals("port") && !name.equals("db") && !name.equals("token") && !name.equals("rate-limit")) {
                throw new Invalid("unknown flag --" + name + " (see --help)");
            }
            values.put(name, value);
        }
        int port = parseInt(values.getOrDefault("port", String.valueOf(DEFAULT_PORT)), "SELL_PORT", 0, 65535);
        String db = values.getOrDefault("db", DEFAULT_DB).trim();
        if (db.isEmpty()) throw new Invalid("SELL_DB must not be empty");
        String token = values.get("token");
        if (token != null) {
            token = token.trim();
            if (token.length() < 16 || token.length() > 200 || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new Invalid("SELL_SELLER_TOKEN must be 16..200 printable characters without spaces");
            }
        }
        int rateLimit = parseInt(values.getOrDefault("rate-limit", "50"), "SELL_RATE_LIMIT", 0, 1_000_000);
        return new Config(port, db, dataDirOf(db), token, rateLimit);
    }

    public static String usage() {
        return String.join("\n",
                "usage: java -jar target/sell.jar [--port N] [--db PATH|JDBC-URL] [--token TOKEN] [--rate-limit N]",
                "  --port        HTTP port (SELL_PORT, default 8080; 0 picks a free one)",
                "  --db          SQLite file or jdbc: URL (SELL_DB, default data/sell.db)",
                "  --token       seller token of the default shop (SELL_SELLER_TOKEN, default: generated once and kept in the data folder)",
                "  --rate-limit  order creations per second per client address, 0 = off (SELL_RATE_LIMIT, default 50)");
    }

    public Config withPort(int newPort) {
        return new Config(newPort, db, dataDir, sellerToken, rateLimit);
    }

    /** The SQLite file the database lives in, or null when the URL names no local file. */
    public Path sqliteFile() {
        return sqliteFileOf(db);
    }

    public String jdbcUrl() {
        return db.startsWith("jdbc:") ? db : "jdbc:sqlite:" + db;
    }

    static Path sqliteFileOf(String db) {
        if (!db.startsWith("jdbc:")) return Path.of(db);
        if (!db.startsWith("jdbc:sqlite:")) return null;
        String rest = db.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        if (rest.startsWith("file:")) rest = rest.substring(5);
        if (rest.isEmpty() || rest.equals(":memory:")) return null;
        return Path.of(rest);
    }

    private static Path dataDirOf(String db) {
        Path file = sqliteFileOf(db);
        Path parent = file == null ? null : file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("data").toAbsolutePath();
    }

    private static void copy(Map<String, String> env, String key, Map<String, String> values, String name) {
        String value = env.get(key);
        if (value != null && !value.isBlank()) values.put(name, value);
    }

    private static int parseInt(String raw, String name, int min, int max) {
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name + " must be a whole number " + min + ".." + max + ", got '" + raw + "'");
    }
}
