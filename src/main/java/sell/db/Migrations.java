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

/** Versioned schema scripts, applied in order, each once; a second start changes nothing. */
final class Migrations {
    private static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__seller_sessions.sql",
            "V3__fewer_btrees_per_order.sql", "V4__created_events_point_at_their_order.sql");

    private Migrations() {
    }

    static Void apply(Handle handle) {
        return apply(handle, SCRIPTS.size());
    }

    /**
     * Brings the schema up to version upTo (tests build an older database this way). The scripts
     * run as plain JDBC statements: they have no parameters for Jdbi to parse, and in a JVM that
     * has just started, Jdbi's parsing of some forty statements took about 0.1 s of every start.
     */
    static Void apply(Handle handle, int upTo) {
        try (Statement sql = handle.getConnection().createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            Set<Integer> applied = new HashSet<>();
            try (ResultSet rs = sql.executeQuery("SELECT version FROM schema_version")) {
                while (rs.next()) applied.add(rs.getInt(1));
            }
            for (int i = 0; i < upTo; i++) {
                int version = i + 1;
                if (applied.contains(version)) continue;
                for (String statement : statements(read(SCRIPTS.get(i)))) sql.execute(statement);
                try (PreparedStatement done = handle.getConnection().prepareStatement(
                        "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    done.setInt(1, version);
                    done.setString(2, SCRIPTS.get(i));
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
