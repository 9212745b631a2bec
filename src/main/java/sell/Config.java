package sell;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sell.db.Database;

/** Settings of one running instance, read once from the environment and flags and passed down. */
public record Config(int port, String db, Path dataDir, String sellerToken, int rateLimit,
                     Duration pingInterval, Duration pingTimeout, long socketQueueBytes, Duration eventRetention,
                     Duration sessionTtl, Set<String> trustedProxies, String dbUser, String dbPassword, int dbPool,
                     Duration dbCheckInterval, java.time.ZoneId timeZone, MetricsEndpoint metrics) {

    /** Where /metrics is served: an address of this machine (loopback unless told) and a port (0: any free one). */
    public record MetricsEndpoint(String bind, int port) {
    }


    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
    public static final long DEFAULT_SOCKET_QUEUE_BYTES = 1 << 20;
    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);
    public static final int DEFAULT_DB_POOL = 10;
    public static final Duration DEFAULT_DB_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** flag name → environment variable, default and help text, in the order --help lists them. */
    private static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("port", new String[]{"SELL_PORT", "8080", "HTTP port; 0 picks a free one"});
        SETTINGS.put("db", new String[]{"SELL_DB", "data/sell.db",
                "SQLite file or jdbc: URL (jdbc:postgresql://host:port/db for several instances)"});
        SETTINGS.put("db-user", new String[]{"SELL_DB_USER", "", "PostgreSQL user, unless the URL names one"});
        SETTINGS.put("db-password", new String[]{"SELL_DB_PASSWORD", "", "PostgreSQL password, unless the URL holds one"});
        SETTINGS.put("db-pool", new String[]{"SELL_DB_POOL", "10", "PostgreSQL connections per instance at most"});
        SETTINGS.put("db-check-interval", new String[]{"SELL_DB_CHECK_INTERVAL", "2s",
                "PostgreSQL: how often an instance looks for events and sign-outs no other instance told it of"});
        SETTINGS.put("token", new String[]{"SELL_SELLER_TOKEN", null,
                "seller token of the default shop (default: generated once, kept in the data folder)"});
        SETTINGS.put("rate-limit", new String[]{"SELL_RATE_LIMIT", "50",
                "order creations per second per client address, burst twice that; 0 = off"});
        SETTINGS.put("ping-interval", new String[]{"SELL_PING_INTERVAL", "25s", "how often idle sockets are pinged"});
        SETTINGS.put("ping-timeout", new String[]{"SELL_PING_TIMEOUT", "20s",
                "a socket that has not answered a ping this long after it is closed"});
        SETTINGS.put("socket-queue", new String[]{"SELL_SOCKET_QUEUE_BYTES", "1048576",
                "how far (bytes of events) a socket may fall behind before it is closed"});
        SETTINGS.put("event-retention", new String[]{"SELL_EVENT_RETENTION", "7d",
                "how long events are kept for resuming sockets"});
        SETTINGS.put("session-ttl", new String[]{"SELL_SESSION_TTL", "12h",
                "a console session ends after this long without use"});
        SETTINGS.put("timezone", new String[]{"SELL_TIMEZONE", "",
                "time zone of the shops' reports (an IANA name such as Asia/Shanghai) unless a shop has its own; default: the system's"});
        SETTINGS.put("metrics-port", new String[]{"SELL_METRICS_PORT", "",
                "serve Prometheus metrics at http://<bind>:<port>/metrics; off when unset"});
        SETTINGS.put("metrics-bind", new String[]{"SELL_METRICS_BIND", "127.0.0.1",
                "the address the metrics port listens on (0.0.0.0: every interface)"});
        SETTINGS.put("trusted-proxies", new String[]{"SELL_TRUSTED_PROXIES", "",
                "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed"});
    }

    /** A setting that cannot be used; its message is the one line printed before the process stops. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** The essential settings, with defaults for the rest. */
    public Config(int port, String db, Path dataDir, String sellerToken, int rateLimit) {
        this(port, db, dataDir, sellerToken, rateLimit, DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT,
                DEFAULT_SOCKET_QUEUE_BYTES, DEFAULT_EVENT_RETENTION, DEFAULT_SESSION_TTL, Set.of(), null, null,
                DEFAULT_DB_POOL, DEFAULT_DB_CHECK_INTERVAL, java.time.ZoneId.systemDefault(), null);
    }

    /** Flags win over environment variables, which win over defaults. */
    public static Config from(Map<String, String> env, String[] args) {
        Map<String, String> values = new HashMap<>();
        SETTINGS.forEach((flag, s) -> {
            String value = env.get(s[0]);
            if (value != null && !value.isBlank()) values.put(flag, value);
        });
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
            if (!SETTINGS.containsKey(name)) throw new Invalid("unknown flag --" + name + " (see --help)");
            values.put(name, value);
        }
        int port = (int) parseLong(value(values, "port"), "SELL_PORT", 0, 65535);
        String db = value(values, "db").trim();
        if (db.isEmpty()) throw new Invalid("SELL_DB must not be empty");
        String token = values.get("token");
        if (token != null) {
            token = token.trim();
            if (token.length() < 16 || token.length() > 200 || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new Invalid("SELL_SELLER_TOKEN must be 16..200 printable characters without spaces");
            }
        }
        int rateLimit = (int) parseLong(value(values, "rate-limit"), "SELL_RATE_LIMIT", 0, 1_000_000);
        Duration pingInterval = parseDuration(value(values, "ping-interval"), "SELL_PING_INTERVAL",
                Duration.ofMillis(100), Duration.ofHours(1));
        Duration pingTimeout = parseDuration(value(values, "ping-timeout"), "SELL_PING_TIMEOUT",
                Duration.ofMillis(100), Duration.ofHours(1));
        long queue = parseLong(value(values, "socket-queue"), "SELL_SOCKET_QUEUE_BYTES", 4096, 1L << 30);
        Duration retention = parseDuration(value(values, "event-retention"), "SELL_EVENT_RETENTION",
                Duration.ofMinutes(1), Duration.ofDays(3650));
        Duration sessionTtl = parseDuration(value(values, "session-ttl"), "SELL_SESSION_TTL",
                Duration.ofMinutes(1), Duration.ofDays(365));
        Set<String> proxies = new LinkedHashSet<>();
        for (String proxy : value(values, "trusted-proxies").split(",")) {
            String address = proxy.strip();
            if (address.isEmpty()) continue;
            if (!address.matches("[0-9A-Fa-f:.]{2,45}")) {
                throw new Invalid("SELL_TRUSTED_PROXIES must list IP addresses, got '" + address + "'");
            }
            proxies.add(address);
        }
        int pool = (int) parseLong(value(values, "db-pool"), "SELL_DB_POOL", 2, 1000);
        java.time.ZoneId zone = zone(value(values, "timezone"), "SELL_TIMEZONE");
        Duration check = parseDuration(value(values, "db-check-interval"), "SELL_DB_CHECK_INTERVAL",
                Duration.ofMillis(100), Duration.ofHours(1));
        return new Config(port, db, dataDirOf(db), token, rateLimit, pingInterval, pingTimeout, queue, retention,
                sessionTtl, Set.copyOf(proxies), emptyToNull(values.get("db-user")), emptyToNull(values.get("db-password")),
                pool, check, zone, metrics(values));
    }

    /** The metrics endpoint, or null when SELL_METRICS_PORT is unset (metrics are then counted but not served). */
    private static MetricsEndpoint metrics(Map<String, String> values) {
        String port = values.get("metrics-port");
        if (port == null || port.isBlank()) return null;
        String bind = value(values, "metrics-bind").strip();
        if (!bind.matches("[0-9A-Za-z.:-]{1,253}")) {
            throw new Invalid("SELL_METRICS_BIND must be an address such as 127.0.0.1 or 0.0.0.0, got '" + bind + "'");
        }
        return new MetricsEndpoint(bind, (int) parseLong(port, "SELL_METRICS_PORT", 0, 65535));
    }

    public Config withMetrics(String bind, int metricsPort) {
        return new Config(port, db, dataDir, sellerToken, rateLimit, pingInterval, pingTimeout, socketQueueBytes,
                eventRetention, sessionTtl, trustedProxies, dbUser, dbPassword, dbPool, dbCheckInterval, timeZone,
                new MetricsEndpoint(bind, metricsPort));
    }

    /** An IANA time zone name, or the system's zone when blank. */
    static java.time.ZoneId zone(String raw, String name) {
        if (raw == null || raw.isBlank()) return java.time.ZoneId.systemDefault();
        try {
            return java.time.ZoneId.of(raw.strip());
        } catch (java.time.DateTimeException e) {
            throw new Invalid(name + " must be a time zone such as Asia/Shanghai or UTC, got '" + raw.strip() + "'");
        }
    }

    public static String usage() {
        StringBuilder text = new StringBuilder("usage: java -jar target/sell.jar [--flag value]...\n");
        SETTINGS.forEach((flag, s) -> text.append(String.format("  --%-16s %s (%s%s)%n", flag, s[2], s[0],
                s[1] == null || s[1].isEmpty() ? "" : ", default " + s[1])));
        return text.toString().stripTrailing();
    }

    public Config withPush(Duration newPingInterval, Duration newPingTimeout, long newQueueBytes) {
        return new Config(port, db, dataDir, sellerToken, rateLimit, newPingInterval, newPingTimeout, newQueueBytes,
                eventRetention, sessionTtl, trustedProxies, dbUser, dbPassword, dbPool, dbCheckInterval, timeZone, metrics);
    }

    public Config withDbCheckInterval(Duration interval) {
        return new Config(port, db, dataDir, sellerToken, rateLimit, pingInterval, pingTimeout, socketQueueBytes,
                eventRetention, sessionTtl, trustedProxies, dbUser, dbPassword, dbPool, interval, timeZone, metrics);
    }

    public Config withPort(int newPort) {
        return new Config(newPort, db, dataDir, sellerToken, rateLimit, pingInterval, pingTimeout, socketQueueBytes,
                eventRetention, sessionTtl, trustedProxies, dbUser, dbPassword, dbPool, dbCheckInterval, timeZone, metrics);
    }

    public Config withEventRetention(Duration retention) {
        return new Config(port, db, dataDir, sellerToken, rateLimit, pingInterval, pingTimeout, socketQueueBytes,
                retention, sessionTtl, trustedProxies, dbUser, dbPassword, dbPool, dbCheckInterval, timeZone, metrics);
    }

    public Config withSecurity(Duration newSessionTtl, Set<String> newTrustedProxies) {
        return new Config(port, db, dataDir, sellerToken, rateLimit, pingInterval, pingTimeout, socketQueueBytes,
                eventRetention, newSessionTtl, Set.copyOf(newTrustedProxies), dbUser, dbPassword, dbPool, dbCheckInterval, timeZone, metrics);
    }

    public Config withTimeZone(java.time.ZoneId zone) {
        return new Config(port, db, dataDir, sellerToken, rateLimit, pingInterval, pingTimeout, socketQueueBytes,
                eventRetention, sessionTtl, trustedProxies, dbUser, dbPassword, dbPool, dbCheckInterval, zone, metrics);
    }

    /** The SQLite file the database lives in, or null when the URL names no local file. */
    public Path sqliteFile() {
        return sqliteFileOf(db);
    }

    public String jdbcUrl() {
        return db.startsWith("jdbc:") ? db : "jdbc:sqlite:" + db;
    }

    /** Where the database is and who connects to it. */
    public Database.Location database() {
        return new Database.Location(jdbcUrl(), dbUser, dbPassword, dbPool);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
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

    private static String value(Map<String, String> values, String flag) {
        String value = values.get(flag);
        return value != null ? value : SETTINGS.get(flag)[1];
    }

    private static Path dataDirOf(String db) {
        Path file = sqliteFileOf(db);
        Path parent = file == null ? null : file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("data").toAbsolutePath();
    }

    private static long parseLong(String raw, String name, long min, long max) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name + " must be a whole number " + min + ".." + max + ", got '" + raw + "'");
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    /** A duration such as 500ms, 25s, 10m, 12h or 7d; a bare number is seconds. */
    static Duration parseDuration(String raw, String name, Duration min, Duration max) {
        Matcher m = DURATION.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration value = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (value.compareTo(min) >= 0 && value.compareTo(max) <= 0) return value;
        }
        throw new Invalid(name + " must be a duration like 25s, 10m or 7d between " + min + " and " + max
                + ", got '" + raw + "'");
    }
}
