package sell.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;
import sell.push.PushMetrics;

/**
 * What an instance counts and times, in a registry of its own (never the library's global one:
 * a test runs several apps in one JVM), served as Prometheus text on a port of its own. The
 * labels are fixed, small sets: never a shop or an order.
 */
public final class Metrics implements PushMetrics {
    private static final double NANOS = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter ordersCreated = Counter.builder().name("sell_orders_created_total")
            .help("Orders created and committed (retries answered from an idempotency key are not counted)")
            .register(registry);
    private final Histogram createSeconds = seconds("sell_order_create_seconds",
            "Time to create an order: from the checked request to its durable commit",
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5);
    private final Histogram pushSeconds = seconds("sell_push_delivery_seconds",
            "From an event's commit (for another instance's events: from when this one learned of them) "
                    + "to its frame written to a seller socket that was open at the commit",
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1);
    private final Histogram commitSeconds = seconds("sell_db_commit_seconds",
            "Time the database writer spent on one batch: its transaction from begin to durable commit",
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1);
    private final Counter eventsAppended = Counter.builder().name("sell_events_appended_total")
            .help("Events committed to the shops' logs by this instance").register(registry);
    private final Counter unavailable = Counter.builder().name("sell_unavailable_total")
            .help("Requests answered 503: the database could not serve them (health DOWN counts too)").register(registry);
    private final Counter socketsClosed = Counter.builder().name("sell_sockets_closed_total")
            .help("Seller sockets closed, by why").labelNames("reason").register(registry);

    public Metrics() {
        JvmMetrics.builder().register(registry);
    }

    private Histogram seconds(String name, String help, double... bounds) {
        return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(bounds).withoutExemplars()
                .register(registry);
    }

    /** The open sockets, read when scraped. */
    public void socketsOpen(IntSupplier open) {
        GaugeWithCallback.builder().name("sell_sockets_open").help("Seller sockets open on this instance")
                .callback(callback -> callback.call(open.getAsInt())).register(registry);
    }

    public void orderCreated(long nanos) {
        ordersCreated.inc();
        createSeconds.observe(nanos / NANOS);
    }

    public void committed(long nanos) {
        commitSeconds.observe(nanos / NANOS);
    }

    public void unavailable() {
        unavailable.inc();
    }

    public void eventsAppended(int count) {
        eventsAppended.inc(count);
    }

    @Override
    public void delivered(long nanos) {
        pushSeconds.observe(nanos / NANOS);
    }

    @Override
    public void closed(String reason) {
        socketsClosed.labelValues(reason).inc();
    }

    /** Serves /metrics on bind:port (port 0: a free one); closing the answer stops it. */
    public HTTPServer serve(String bind, int port) {
        try {
            return HTTPServer.builder().hostname(bind).port(port).registry(registry).buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
