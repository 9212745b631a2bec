package sell.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import sell.db.Database;
import sell.http.ApiError;
import sell.core.Json;
import sell.http.SellerCredentials;

/**
 * The seller WebSocket, served by Jetty's own upgrade handler in front of the web app: checked at
 * the handshake, then handed to the socket registry. Nothing of the HTTP request outlives the
 * handshake, so an idle socket costs little more than its connection.
 */
public final class SocketEndpoint {
    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9-]*");
    public static final String PATH = "/sell/webSocket";
    private static final int MAX_CLIENT_MESSAGE = 4096;

    private final SellerCredentials auth;
    private final SellerSockets sockets;

    public SocketEndpoint(SellerCredentials auth, SellerSockets sockets) {
        this.auth = auth;
        this.sockets = sockets;
    }

    /**
     * The handlers to put in front of the web app: a GET of the socket's path that is not a
     * version-13 WebSocket handshake is answered 426, then Jetty's upgrade handler opens the
     * sockets. idleTimeout backs up the pings.
     */
    public Handler.Singleton handler(Server server, Duration idleTimeout) {
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(idleTimeout);
            container.setMaxTextMessageSize(MAX_CLIENT_MESSAGE);
            container.setMaxBinaryMessageSize(MAX_CLIENT_MESSAGE);
            container.addMapping(PATH, this::upgrade);
        });
        return new UpgradeRequired(upgrades);
    }

    /**
     * RFC 6455 (4.4): a handshake of a version this server does not speak is answered with an
     * error and the version it does; without this, Jetty passed such a request on to the web
     * app, which answered 404 for a path that exists. A plain GET gets the same 426, with the
     * Upgrade header that RFC 9110 asks of it.
     */
    private static final class UpgradeRequired extends Handler.Wrapper {
        private static final ApiError REQUIRED = new ApiError(426, "upgrade_required",
                PATH + " is a WebSocket: open it with a version 13 handshake", null);

        UpgradeRequired(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!PATH.equals(Request.getPathInContext(request)) || !"GET".equals(request.getMethod())) {
                return super.handle(request, response, callback);
            }
            String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
            String version = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION);
            if (upgrade != null && upgrade.equalsIgnoreCase("websocket") && "13".equals(version)) {
                return super.handle(request, response, callback);
            }
            response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
            response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
            response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
            refuse(response, callback, REQUIRED);
            return true;
        }
    }

    private record Handshake(SellerCredentials.SocketAuth auth, Long since, String epoch) {
    }

    private Object upgrade(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        try {
            Handshake handshake = check(request);
            return new Connection(handshake);
        } catch (ApiError refused) {
            refuse(response, callback, refused);
            return null;
        } catch (Database.Unavailable down) {
            refuse(response, callback, new ApiError(503, "unavailable", "the database is unavailable; try again", null));
            return null;
        }
    }

    /** Credentials first (401/403), then the resume position (422); a refusal opens no socket. */
    private Handshake check(Request request) {
        Fields query = Request.extractQueryParameters(request);
        String cookie = null;
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(SellerCredentials.COOKIE)) cookie = c.getValue();
        }
        SellerCredentials.SocketAuth who = auth.forSocket(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                query.getValue("token"), cookie, request.getHeaders().get(HttpHeader.ORIGIN),
                request.getHeaders().get(HttpHeader.HOST));
        String rawSince = query.getValue("since");
        Long since = null;
        if (rawSince != null && !rawSince.isEmpty()) {
            try {
                since = Long.parseLong(rawSince);
            } catch (NumberFormatException e) {
                since = -1L;
            }
            if (since < 0) throw ApiError.invalid("since", "must be a whole number 0 or more");
        }
        String epoch = query.getValue("epoch");
        if (epoch != null && (epoch.length() > 64 || !EPOCH.matcher(epoch).matches())) {
            throw ApiError.invalid("epoch", "is not an epoch this server gave out");
        }
        return new Handshake(who, since, epoch == null || epoch.isEmpty() ? null : epoch);
    }

    private static void refuse(Response response, Callback callback, ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", error.code());
        body.put("message", error.getMessage());
        if (error.field() != null) body.put("field", error.field());
        response.setStatus(error.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(Json.write(Map.of("error", body)).getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** One accepted socket: opens and closes it in the registry and passes pongs on; client text is ignored. */
    public final class Connection implements Session.Listener.AutoDemanding {
        private final Handshake handshake;
        private volatile Session session;

        private Connection(Handshake handshake) {
            this.handshake = handshake;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            sockets.open(session, handshake.auth().shop(), handshake.since(), handshake.epoch(),
                    handshake.auth().sessionHash(), handshake.auth().tokenHash());
        }

        /** Sellers have nothing to say yet; declaring the handler makes Jetty enforce the size cap (1009). */
        @Override
        public void onWebSocketText(String message) {
            // ignored, as the protocol allows
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
            callback.succeed();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            sockets.ponged(session);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            sockets.close(session);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            sockets.close(session);
        }
    }
}
