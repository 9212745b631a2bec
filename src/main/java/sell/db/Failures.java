package sell.db;

import java.sql.SQLException;

/** Reading what a failure of the database was. */
final class Failures {
    private Failures() {
    }

    /** The first SQLException among the causes, or null. */
    static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) return sql;
        }
        return null;
    }

    /** The innermost cause's message on one line. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ");
    }
}
