package sell;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh server, on its own port and temporary database, for every test of the class; on SQLite
 * unless the class runs on each Store (a @ParameterizedClass that passes its store on).
 */
abstract class ServerTest {
    protected final Store store;
    protected TestServer server;

    protected ServerTest() {
        this(Store.SQLITE);
    }

    protected ServerTest(Store store) {
        this.store = store;
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(store);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
