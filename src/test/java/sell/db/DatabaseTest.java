package sell.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kept statements are reused without clearing their parameters: each run must still write only its own values. */
class DatabaseTest {
    private static final String INSERT_SHOP =
            "INSERT INTO shop (shop_id, shop_name, token_hash, epoch, head_seq, create_time) VALUES (?, ?, ?, ?, 0, ?)";

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:sqlite:" + dir.resolve("sell.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aKeptStatementWritesEachRunsOwnValuesIncludingNull() {
        db.write(h -> db.update(h, INSERT_SHOP, "s1", "First", "hash-1", "epoch-1", 1_000L));
        db.write(h -> db.update(h, INSERT_SHOP, "s2", "Second", null, "epoch-2", 2_000L));

        assertEquals("hash-1", column("s1", "token_hash"));
        // the second run bound NULL where the first bound a value: nothing of the first run is left
        assertNull(column("s2", "token_hash"));
        assertEquals("Second", column("s2", "shop_name"));
        assertEquals("epoch-2", column("s2", "epoch"));
        assertEquals(2_000L, db.read(h -> db.one(h, "SELECT create_time FROM shop WHERE shop_id = ?",
                rs -> rs.getLong(1), "s2")).orElseThrow());
    }

    @Test
    void tooFewArgumentsAreRefusedBeforeAnythingRuns() {
        db.write(h -> db.update(h, INSERT_SHOP, "s1", "First", "hash-1", "epoch-1", 1_000L));
        // four values for five parameters would otherwise run with the fifth left from the run before
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> db.write(h -> db.update(h, INSERT_SHOP, "s2", "Second", null, "epoch-2")));
        assertEquals("4 arguments for 5 parameters: " + INSERT_SHOP, refused.getMessage());
        assertEquals(1, db.read(h -> db.one(h, "SELECT COUNT(*) FROM shop", rs -> rs.getInt(1))).orElseThrow());
    }

    private String column(String shopId, String column) {
        Optional<String> value = db.read(h -> db.one(h, "SELECT " + column + " FROM shop WHERE shop_id = ?",
                rs -> rs.getString(1), shopId));
        return value.orElse(null);
    }
}
