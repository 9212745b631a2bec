package sell.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Versioned schema scripts, applied in order, each once; a second start changes nothing. A version
 * means the same schema in either database: a fresh PostgreSQL starts at version 4 in one script.
 */
final class Migrations {
    /** A script and the schema version it brings the database to. */
    record Script(int version, String name) {
    }

    /** The scripts of one kind of database, in resources/db/folder. */
    record Scripts(String folder, List<Script> scripts) {
    }

    static final Scripts SQLITE = new Scripts("sqlite", List.of(new Script(1, "V1__schema.sql"),
            new Script(2, "V2__seller_sessions.sql"), new Script(3, "V3__fewer_btrees_per_order.sql"),
            new Script(4, "V4__created_events_point_at_their_order.sql"), new Script(5, "V5__order_reminders.sql"),
            new Script(6, "V6__sales_slots.sql")));
    static final Scripts POSTGRES = new Scripts("postgres", List.of(new Script(4, "V4__schema.sql"),
            new Script(5, "V5__order_reminders.sql"), new Script(6, "V6__sales_slots.sql")));

    private Migrations() {
    }

    static Void apply(Handle handle, Scripts scripts) {
        return apply(handle, scripts, Integer.MAX_VALUE);
    }

    /**
     * Brings the schema up to version upTo (tests build an older database this way). The scripts
     * run as plain JDBC statements: they have no parameters for Jdbi to parse, and in a JVM that
     * has just started, Jdbi's parsing of some forty statements took about 0.1 s of every start.
     */
    static Void apply(Handle handle, Scripts scripts, int upTo) {
        try (Statement sql = handle.getConnection().createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            Set<Integer> applied = new HashSet<>();
            try (ResultSet rs = sql.executeQuery("SELECT version FROM schema_version")) {
                while (rs.next()) applied.add(rs.getInt(1));
            }
            int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
            for (Script script : scripts.scripts()) {
                if (script.version() > upTo || script.version() <= newest) continue;
                for (String statement : statements(read(scripts.folder() + "/" + script.name()))) sql.execute(statement);
                try (PreparedStatement done = handle.getConnection().prepareStatement(
                        "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    done.setInt(1, script.version());
                    done.setString(2, script.name());
                    done.setLong(3, System.currentTimeMillis());
                    done.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("migration failed: " + e.getMessage(), e);
        }
        return null;
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + script)) {
            if (in == null) throw new IllegalStateException("missing migration " + script);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Statements end with a semicolon at the end of a line; lines starting with -- are comments. */
    private static List<String> statements(String script) {
        String withoutComments = script.lines()
                .filter(line -> !line.stripLeading().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return List.of(withoutComments.split(";\\s*(\\n|$)")).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
