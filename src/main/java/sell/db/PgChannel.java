package sell.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances' channel on PostgreSQL: NOTIFY on a connection of its own, each send one
 * transaction (the notification queue's lock is taken once per send, never by a transaction that
 * writes orders) committed without waiting for the disk (a notification is delivered at commit;
 * only the data it announces must be durable, and is), and LISTEN on another connection of its
 * own, reopened with backoff whenever it breaks; the sending one is reopened at the next send.
 * A notification's payload is "sender topic message": an instance skips its own.
 */
final class PgChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(PgChannel.class);
    static final String NAME = "sell";
    private static final int POLL_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private final String url;
    private final Properties properties;
    private final String sender;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final List<Runnable> resumers = new CopyOnWriteArrayList<>();
    private volatile boolean listening;
    private volatile boolean closed;
    private Thread listener;
    /** Where notifications are sent from; null until the first send, or after it broke. */
    private Connection sending;

    PgChannel(String url, Properties properties, int instanceNumber) {
        this.url = url;
        this.properties = properties;
        // the number, and a random part in case a cycle of a thousand starts hands it out twice
        this.sender = instanceNumber + "." + Long.toString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    }

    @Override
    public synchronized void send(String topic, List<String> messages) {
        if (messages.isEmpty() || closed) return;
        List<String> signed = new ArrayList<>(messages.size());
        for (String message : messages) signed.add(sender + " " + topic + " " + message);
        try {
            if (sending == null) {
                Properties notAwaitingTheDisk = new Properties();
                notAwaitingTheDisk.putAll(properties);
                notAwaitingTheDisk.setProperty("options", "-c synchronous_commit=off");
                sending = DriverManager.getConnection(url, notAwaitingTheDisk);
            }
            try (PreparedStatement notify = sending.prepareStatement("SELECT pg_notify('" + NAME + "', m) FROM unnest(?) m")) {
                notify.setArray(1, sending.createArrayOf("text", signed.toArray()));
                notify.executeQuery().close();
            }
        } catch (SQLException e) {
            closeSending();
            throw PostgresDatabase.translate(new IllegalStateException("notify failed", e));
        }
    }

    private void closeSending() {
        if (sending == null) return;
        try {
            sending.close();
        } catch (SQLException ignored) {
            // it is being dropped anyway
        }
        sending = null;
    }

    @Override
    public void subscribe(String topic, Consumer<String> onMessage) {
        subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(onMessage);
    }

    @Override
    public void onResume(Runnable onResume) {
        resumers.add(onResume);
    }

    @Override
    public synchronized void start() {
        if (listener != null || closed) return;
        listener = new Thread(this::listenLoop, "sell-db-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public boolean listening() {
        return listening;
    }

    private void listenLoop() {
        long backoff = 100;
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(url, properties)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + NAME);
                }
                listening = true;
                if (backoff > 100) LOG.info("listening to the other instances again");
                backoff = 100;
                for (Runnable resumer : resumers) resumer.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = pg.getNotifications(POLL_MILLIS);
                    if (received == null) continue;
                    for (PGNotification notification : received) deliver(notification.getParameter());
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) break;
                if (listening || backoff == 100) {
                    LOG.warn("not listening to the other instances ({}); trying again", Failures.rootMessage(e));
                }
                listening = false;
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        listening = false;
    }

    private void deliver(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length < 3 || parts[0].equals(sender)) return;
        for (Consumer<String> subscriber : subscribers.getOrDefault(parts[1], List.of())) {
            try {
                subscriber.accept(parts[2]);
            } catch (RuntimeException e) {
                LOG.warn("a message from another instance failed: {} ({})", payload, e.toString());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        closed = true;
        synchronized (this) {
            closeSending();
        }
        Thread thread;
        synchronized (this) {
            thread = listener;
        }
        if (thread == null) return;
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
