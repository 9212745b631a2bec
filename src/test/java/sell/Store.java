package sell;

/** The databases sell runs on; behaviour tests that hold for both run on both. */
enum Store {
    SQLITE,
    POSTGRES;

    /** A fresh, empty database of this kind: a file in dir, or a new database on the tests' PostgreSQL. */
    String freshDatabase(java.nio.file.Path dir) {
        return this == SQLITE ? dir.resolve("sell.db").toString() : TestPostgres.freshDatabase();
    }
}
