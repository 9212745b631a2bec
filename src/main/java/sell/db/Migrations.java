package sell.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /** Brings the schema up to version upTo (tests build an older database this way). */
    static Void apply(Handle handle, int upTo) {
        handle.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        Set<Integer> applied = handle.createQuery("SELECT version FROM schema_version")
                .mapTo(Integer.class).stream().collect(Collectors.toSet());
        for (int i = 0; i < upTo; i++) {
            int version = i + 1;
            if (applied.contains(version)) continue;
            for (String statement : statements(read(SCRIPTS.get(i)))) handle.execute(statement);
            handle.execute("INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)",
                    version, SCRIPTS.get(i), System.currentTimeMillis());
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
