package sell.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Properties;

/** How sell connects to PostgreSQL: the pool's settings and the driver's. */
final class PostgresSettings {
    /** A request waits at most this long for a connection: an outage answers 503 promptly. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 2_000;

    private PostgresSettings() {
    }

    static HikariConfig pool(Database.Location location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sell");
        config.setJdbcUrl(location.url());
        config.setDataSourceProperties(driver(location));
        config.setMaximumPoolSize(location.poolSize());
        config.setMinimumIdle(Math.min(2, location.poolSize()));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        // a start that cannot reach the database fails within this, with the reason
        config.setInitializationFailTimeout(10_000);
        // a connection to a server that became a standby (a failover) cannot write: drop it
        config.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return "25006".equals(e.getSQLState()) ? SQLExceptionOverride.Override.MUST_EVICT
                        : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        return config;
    }

    /** The driver's settings: credentials, and timeouts so that a vanished server is noticed rather than waited for. */
    static Properties driver(Database.Location location) {
        Properties properties = new Properties();
        if (location.user() != null) properties.setProperty("user", location.user());
        if (location.password() != null) properties.setProperty("password", location.password());
        properties.setProperty("ApplicationName", "sell");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        // a batch of one-row INSERTs goes as multi-row INSERTs (PendingChanges sends such batches)
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    /** The URL without its query, where a password may be. */
    static String withoutSecrets(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
