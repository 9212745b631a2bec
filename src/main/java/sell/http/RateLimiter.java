package sell.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address: a steady rate per second with bursts of twice that. Buckets
 * that have filled up again are forgotten, so the map holds only recently active clients.
 */
public final class RateLimiter {
    private static final int MAX_CLIENTS = 100_000;

    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }

    private final ClientAddress clients;

    /** perSecond 0 turns the limit off. */
    public RateLimiter(int perSecond, ClientAddress clients) {
        this.perSecond = perSecond;
        this.burst = perSecond * 2.0;
        this.clients = clients;
    }

    /** Takes one token for the client; when there is none, a 429 that says when to come back. */
    public void take(io.javalin.http.Context ctx) {
        long wait = secondsToWait(clients.of(ctx));
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            throw new ApiError(429, "rate_limited", "too many orders from this address; retry in " + wait + " s", null);
        }
    }

    /** 0 when the client may go ahead (a token is taken), else the whole seconds until it may. */
    long secondsToWait(String client) {
        if (perSecond <= 0) return 0;
        long now = System.nanoTime();
        if (buckets.size() > MAX_CLIENTS) forgetFull(now);
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        double wait;
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.lastNanos) / 1e9 * perSecond);
            bucket.lastNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            wait = (1 - bucket.tokens) / perSecond;
        }
        return Math.max(1, (long) Math.ceil(wait));
    }

    private void forgetFull(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().lastNanos) / 1e9 * perSecond >= burst;
            }
        });
    }
}
