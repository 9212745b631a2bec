package sell.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark adds up alternating slices of one load as if they had run as one. */
class LoadClientMergeTest {
    @Test
    void slicesAddUpToOneRun() {
        LoadClient.Result first = new LoadClient.Result(3, 1, 5.0, new long[] {10, 40, 70}, 0.5, Map.of(201, 3L, 500, 1L));
        LoadClient.Result second = new LoadClient.Result(2, 0, 5.0, new long[] {20, 90}, 0.25, Map.of(201, 2L));

        LoadClient.Result merged = LoadClient.Result.merge(List.of(first, second));

        assertEquals(5, merged.requests());
        assertEquals(1, merged.errors());
        assertEquals(10.0, merged.seconds());
        assertEquals(0.5, merged.perSecond());
        assertEquals(0.75, merged.clientCpuSeconds());
        // sorted across the slices, so that percentiles read the whole run
        assertArrayEquals(new long[] {10, 20, 40, 70, 90}, merged.sortedLatencyNanos());
        assertEquals(Map.of(201, 5L, 500, 1L), merged.statuses());
    }
}
