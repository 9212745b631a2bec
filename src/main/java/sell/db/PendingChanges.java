package sell.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements the writer made that have not been sent yet, per connection: on PostgreSQL every
 * statement is a round trip, and an order's rows (the order, its lines, its event) and a batch's
 * counts (stock, seqs) need no answer. They go out together, in one round trip: one statement per
 * statement text, over arrays of the rows' values (RowArrays), in the order their texts first
 * came, when a statement reads or changes a table they went to, when a savepoint ends, and
 * before the commit; a rollback drops them. Reads a batch needs before its writes run (its
 * lock, its shops' heads, its products) wait the same way, go first, and are sent with the
 * next statement, whatever it is.
 */
final class PendingChanges {
    private static final Pattern TABLE = Pattern.compile("^\\s*(?:INSERT\\s+INTO|UPDATE)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    private record Read(String sql, Statements.Row<?> row, Object[] args) {
    }

    private static final class Rows {
        final List<Read> reads = new ArrayList<>();
        final Map<String, List<Object[]>> bySql = new LinkedHashMap<>();
        final Map<String, Pattern> tables = new LinkedHashMap<>();
    }

    private final Map<Connection, Rows> pending = new ConcurrentHashMap<>();
    private final RowArrays arrays = new RowArrays();

    void add(Connection connection, String sql, Object[] args) {
        Matcher insert = TABLE.matcher(sql);
        if (!insert.find()) throw new IllegalArgumentException("not an INSERT or UPDATE: " + sql);
        Rows rows = pending.computeIfAbsent(connection, c -> new Rows());
        rows.bySql.computeIfAbsent(sql, s -> new ArrayList<>()).add(args.clone());
        String table = insert.group(1);
        rows.tables.computeIfAbsent(table, t -> Pattern.compile("\\b" + Pattern.quote(t) + "\\b", Pattern.CASE_INSENSITIVE));
    }

    /** Keeps a query to be sent, before the changes, with the next statement; changes already kept go first. */
    void read(Connection connection, String sql, Statements.Row<?> row, Object[] args) throws SQLException {
        Rows rows = pending.get(connection);
        if (rows != null && !rows.bySql.isEmpty()) send(connection);
        pending.computeIfAbsent(connection, c -> new Rows()).reads.add(new Read(sql, row, args.clone()));
    }

    /** Sends what is pending on the connection if sql could see or depend on it (a savepoint's end always can). */
    void before(Connection connection, String sql) throws SQLException {
        Rows rows = pending.get(connection);
        if (rows == null) return;
        String head = sql.stripLeading();
        if (startsWith(head, "ROLLBACK")) {
            pending.remove(connection);
            return;
        }
        boolean sees = !rows.reads.isEmpty() || startsWith(head, "SAVEPOINT") || startsWith(head, "RELEASE");
        for (Pattern table : rows.tables.values()) {
            if (sees) break;
            sees = table.matcher(sql).find();
        }
        if (sees) send(connection);
    }

    /** Sends everything pending on the connection; what fails to go is dropped with the failure. */
    void send(Connection connection) throws SQLException {
        send(connection, false);
    }

    /**
     * Sends everything pending on the connection and, when commit is true, commits its
     * transaction in the same round trip (then the driver has no commit left to send: it
     * follows the server's transaction state). A failure before the commit leaves the
     * transaction to be rolled back.
     */
    void send(Connection connection, boolean commit) throws SQLException {
        Rows rows = pending.remove(connection);
        if (rows == null) rows = new Rows();
        List<String> texts = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (Read read : rows.reads) {
            texts.add(read.sql());
            parameters.addAll(java.util.Arrays.asList(read.args()));
        }
        int readsEnd = texts.size();
        int readParameters = parameters.size();
        for (Map.Entry<String, List<Object[]>> batch : rows.bySql.entrySet()) {
            List<Object[]> values = batch.getValue();
            RowArrays.Rewritten rewritten = values.size() == 1 ? null : arrays.of(connection, batch.getKey());
            if (values.size() > 1 && rewritten == null) {
                run(connection, texts.subList(0, readsEnd), parameters.subList(0, readParameters), rows.reads);
                sendOneByOne(connection, rows);
                return;
            }
            texts.add(rewritten == null ? batch.getKey() : rewritten.sql());
            parameters.addAll(java.util.Arrays.asList(rewritten == null ? values.get(0) : RowArrays.arrays(connection, rewritten, values)));
        }
        if (commit) texts.add("COMMIT");
        run(connection, texts, parameters, rows.reads);
    }

    /** Runs the statements as one, in one round trip; the first of them are the reads, whose rows go to each. */
    private static void run(Connection connection, List<String> texts, List<Object> parameters, List<Read> reads)
            throws SQLException {
        if (texts.isEmpty()) return;
        try (PreparedStatement statement = connection.prepareStatement(String.join(";\n", texts))) {
            for (int i = 0; i < parameters.size(); i++) statement.setObject(i + 1, parameters.get(i));
            boolean isRows = statement.execute();
            for (Read read : reads) {
                if (!isRows) throw new IllegalStateException("no rows from " + read.sql());
                try (ResultSet rs = statement.getResultSet()) {
                    while (rs.next()) read.row().read(rs);
                }
                isRows = statement.getMoreResults();
            }
        }
    }

    /** The changes as one batch per statement text (for statements of a shape RowArrays does not know). */
    private static void sendOneByOne(Connection connection, Rows rows) throws SQLException {
        for (Map.Entry<String, List<Object[]>> batch : rows.bySql.entrySet()) {
            try (PreparedStatement statement = connection.prepareStatement(batch.getKey())) {
                for (Object[] args : batch.getValue()) {
                    for (int i = 0; i < args.length; i++) statement.setObject(i + 1, args[i]);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    /** Drops what is pending on the connection (its transaction is starting afresh or rolled back). */
    void drop(Connection connection) {
        pending.remove(connection);
    }

    private static boolean startsWith(String text, String word) {
        return text.regionMatches(true, 0, word, 0, word.length());
    }
}
