package sell.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-row INSERT or a keyed one-column UPDATE, run for many rows, as one statement over arrays
 * of their values (PostgreSQL's unnest): the statement's text is the same however many rows it
 * carries, so the server plans it once, and several of them go to the server as one.
 */
final class RowArrays {
    private static final Pattern INSERT = Pattern.compile(
            "^\\s*INSERT\\s+INTO\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*VALUES\\s*\\(([\\s?,]*)\\)(\\s+ON\\s+CONFLICT\\s[^?]*)?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern UPDATE = Pattern.compile(
            "^\\s*UPDATE\\s+(\\w+)\\s+SET\\s+(\\w+)\\s*=\\s*\\?\\s+WHERE\\s+(\\w+)\\s*=\\s*\\?\\s*$", Pattern.CASE_INSENSITIVE);

    /** The statement over arrays and the type of each of its array parameters, in order. */
    record Rewritten(String sql, List<String> types) {
    }

    /** Each table's columns and their types (udt names: text, int8, int4), read once. */
    private final Map<String, Map<String, String>> columns = new ConcurrentHashMap<>();
    /** Each statement's rewriting; empty when it has none. */
    private final Map<String, Rewritten> rewritten = new ConcurrentHashMap<>();
    private static final Rewritten NONE = new Rewritten(null, List.of());

    /** sql over arrays, or null when it is not of a shape this knows. */
    Rewritten of(Connection connection, String sql) throws SQLException {
        Rewritten known = rewritten.get(sql);
        if (known == null) {
            known = rewrite(connection, sql);
            rewritten.put(sql, known == null ? NONE : known);
        }
        return known == NONE ? null : known;
    }

    /** The arrays of the rows' values, one per parameter of the rewritten statement. */
    static Object[] arrays(Connection connection, Rewritten statement, List<Object[]> rows) throws SQLException {
        Object[] arrays = new Object[statement.types().size()];
        for (int column = 0; column < arrays.length; column++) {
            Object[] values = new Object[rows.size()];
            for (int row = 0; row < values.length; row++) values[row] = rows.get(row)[column];
            arrays[column] = connection.createArrayOf(statement.types().get(column), values);
        }
        return arrays;
    }

    private Rewritten rewrite(Connection connection, String sql) throws SQLException {
        Matcher insert = INSERT.matcher(sql);
        if (insert.matches()) {
            String[] names = insert.group(2).split(",");
            if (insert.group(3).chars().filter(c -> c == '?').count() != names.length) return null;
            Map<String, String> types = columns(connection, insert.group(1));
            StringBuilder arrays = new StringBuilder();
            List<String> parameterTypes = new java.util.ArrayList<>();
            for (String name : names) {
                String type = types.get(name.strip().toLowerCase(java.util.Locale.ROOT));
                if (type == null) return null;
                if (arrays.length() > 0) arrays.append(", ");
                arrays.append("?::").append(type).append("[]");
                parameterTypes.add(type);
            }
            // an upsert keeps its ON CONFLICT clause (the rows' keys must differ: one row per key and statement)
            String onConflict = insert.group(4) == null ? "" : insert.group(4);
            return new Rewritten("INSERT INTO " + insert.group(1) + " (" + insert.group(2) + ") SELECT * FROM unnest("
                    + arrays + ")" + onConflict, parameterTypes);
        }
        Matcher update = UPDATE.matcher(sql);
        if (update.matches()) {
            Map<String, String> types = columns(connection, update.group(1));
            String set = update.group(2).toLowerCase(java.util.Locale.ROOT);
            String key = update.group(3).toLowerCase(java.util.Locale.ROOT);
            if (types.get(set) == null || types.get(key) == null) return null;
            return new Rewritten("UPDATE " + update.group(1) + " SET " + set + " = v.new_value FROM unnest(?::" + types.get(set)
                    + "[], ?::" + types.get(key) + "[]) AS v(new_value, row_key) WHERE " + update.group(1) + "." + key
                    + " = v.row_key", List.of(types.get(set), types.get(key)));
        }
        return null;
    }

    private Map<String, String> columns(Connection connection, String table) throws SQLException {
        Map<String, String> known = columns.get(table.toLowerCase(java.util.Locale.ROOT));
        if (known != null) return known;
        Map<String, String> read = new LinkedHashMap<>();
        try (var query = connection.prepareStatement("SELECT column_name, udt_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ?")) {
            query.setString(1, table.toLowerCase(java.util.Locale.ROOT));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) read.put(rs.getString(1), rs.getString(2));
            }
        }
        columns.put(table.toLowerCase(java.util.Locale.ROOT), Map.copyOf(read));
        return read;
    }
}
