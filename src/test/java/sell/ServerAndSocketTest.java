package sell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh server with one seller socket already past its hello (head 0), for every test of the class. */
abstract class ServerAndSocketTest extends ServerTest {
    protected Socket socket;

    protected ServerAndSocketTest() {
    }

    protected ServerAndSocketTest(Store store) {
        super(store);
    }

    @BeforeEach
    void connectSocket() {
        socket = Socket.connect(server, "");
        JsonNode hello = socket.next();
        assertEquals("hello", hello.get("type").asText());
        assertEquals(0, hello.get("headSeq").asLong());
    }

    @AfterEach
    void closeSocket() {
        socket.close();
    }
}
