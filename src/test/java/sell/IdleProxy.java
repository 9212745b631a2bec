package sell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;

/** A TCP proxy that, like nginx's proxy_read_timeout, cuts a connection idle in both directions for too long. */
final class IdleProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long idleMillis;
    private volatile boolean open = true;

    IdleProxy(int targetPort, long idleMillis) throws IOException {
        this.listener = new ServerSocket();
        this.listener.bind(new InetSocketAddress("localhost", 0));
        this.targetPort = targetPort;
        this.idleMillis = idleMillis;
        Thread acceptor = new Thread(this::accept, "idle-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (open) {
            try {
                java.net.Socket client = listener.accept();
                java.net.Socket server = new java.net.Socket("localhost", targetPort);
                AtomicLong lastActivity = new AtomicLong(System.currentTimeMillis());
                pipe(client, server, lastActivity);
                pipe(server, client, lastActivity);
                Thread watchdog = new Thread(() -> {
                    while (!client.isClosed()) {
                        if (System.currentTimeMillis() - lastActivity.get() > idleMillis) {
                            closeQuietly(client);
                            closeQuietly(server);
                            return;
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "idle-proxy-watchdog");
                watchdog.setDaemon(true);
                watchdog.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(java.net.Socket from, java.net.Socket to, AtomicLong lastActivity) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    lastActivity.set(System.currentTimeMillis());
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "idle-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.net.Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        listener.close();
    }
}
