package sell.push;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Javalin does not surface pongs, and liveness needs them: this wraps the endpoint Javalin creates
 * for each socket so that pongs reach the registry, passing everything else through unchanged.
 */
public final class PongAware implements Session.Listener.AutoDemanding {
    private final Session.Listener inner;
    private final SellerSockets sockets;
    private volatile Session session;

    private PongAware(Session.Listener inner, SellerSockets sockets) {
        this.inner = inner;
        this.sockets = sockets;
    }

    /** Wraps the factory's creator once; called on the first handshake, when Javalin has set it. */
    static final class Installer {
        private final AtomicBoolean installed = new AtomicBoolean();
        private volatile JettyWebSocketServletFactory factory;

        void factory(JettyWebSocketServletFactory factory) {
            this.factory = factory;
        }

        void ensureInstalled(SellerSockets sockets) {
            if (installed.get() || factory == null) return;
            synchronized (this) {
                JettyWebSocketCreator javalin = factory.getMapping("/");
                if (installed.get() || javalin == null) return;
                factory.setCreator((request, response) -> {
                    Object endpoint = javalin.createWebSocket(request, response);
                    return endpoint instanceof Session.Listener listener ? new PongAware(listener, sockets) : endpoint;
                });
                installed.set(true);
            }
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        inner.onWebSocketOpen(session);
    }

    @Override
    public void onWebSocketText(String message) {
        inner.onWebSocketText(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        inner.onWebSocketBinary(payload, callback);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        sockets.ponged(session);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        inner.onWebSocketClose(statusCode, reason, callback);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        inner.onWebSocketError(cause);
    }
}
