package sell.http;

import io.javalin.http.Context;
import java.util.Set;

/**
 * The address a request came from. X-Forwarded-For is believed only when the connection comes
 * from a configured proxy, and then only as far back as the proxies go: the client is the
 * rightmost address that is not one of them (anything left of it could be forged).
 */
public final class ClientAddress {
    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String of(Context ctx) {
        String peer = ctx.req().getRemoteAddr();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) return peer;
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.length() > 2048) return peer;
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty() || !hop.matches("[0-9A-Fa-f:.]{2,45}")) return peer;
            if (!trustedProxies.contains(hop)) return hop;
        }
        return peer;
    }
}
