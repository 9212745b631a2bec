package sell;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.eclipse.jetty.server.ServerConnector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import java.util.Map;
import sell.catalog.CatalogHandlers;
import sell.catalog.CatalogRepository;
import sell.catalog.CatalogService;
import sell.catalog.CountedStock;
import sell.catalog.ProductCache;
import sell.compat.CompatApi;
import sell.db.Channel;
import sell.db.Database;
import sell.event.EventHandlers;
import sell.event.EventLog;
import sell.event.EventPruner;
import sell.event.CommitNotifier;
import sell.event.LocalEvents;
import sell.event.SharedEvents;
import sell.http.Errors;
import sell.http.ClientAddress;
import sell.core.Json;
import sell.http.SellerCredentials;
import sell.http.JettyErrors;
import sell.http.RateLimiter;
import sell.http.Requests;
import sell.metrics.Metrics;
import sell.order.OrderHandlers;
import sell.order.OrderIds;
import sell.order.OrderRepository;
import sell.order.OrderService;
import sell.order.Reminders;
import sell.push.BuyerStreams;
import sell.report.OrdersCsv;
import sell.report.ReportHandlers;
import sell.report.ReportRepository;
import sell.report.SalesReport;
import sell.report.SalesSlots;
import sell.push.OrderEventsEndpoint;
import sell.push.SellerSockets;
import sell.push.SocketEndpoint;
import sell.shop.SellerAuth;
import sell.shop.ConsoleFiles;
import sell.shop.SellerSessions;
import sell.shop.ShopAdmin;
import sell.shop.TokenRotation;
import sell.shop.SessionHandlers;
import sell.shop.ShopRepository;

/** The running service: the one place where routes, the socket, static files and limits are declared. */
public final class App implements AutoCloseable {
    private static final int SEND_BUFFER_BYTES = 128 * 1024;
    private static final int REQUEST_HEADER_BYTES = 16 * 1024;
    private static final int RESPONSE_COPY_BYTES = 2 * 1024;

    private final Javalin javalin;
    private final Database db;
    private final SellerSockets sockets;
    private final BuyerStreams streams;
    /** What runs beside the web server, closed newest first. */
    private final List<AutoCloseable> running;
    private final SellerAuth auth;
    private final Instances instances;
    private final Bootstrap.SellerToken sellerToken;
    /** The port /metrics is served on, or -1 when metrics are not served. */
    private final int metricsPort;

    private App(Javalin javalin, Database db, SellerSockets sockets, BuyerStreams streams, List<AutoCloseable> running,
                SellerAuth auth, Instances instances, Bootstrap.SellerToken sellerToken, int metricsPort) {
        this.metricsPort = metricsPort;
        this.javalin = javalin;
        this.db = db;
        this.sockets = sockets;
        this.streams = streams;
        this.running = running;
        this.auth = auth;
        this.instances = instances;
        this.sellerToken = sellerToken;
    }

    /**
     * Takes the database's serving lock, opens the database, seeds a fresh one, and starts
     * serving; a setting that cannot work (a database another server serves among them) is
     * Config.Invalid.
     */
    public static App start(Config config) {
        return start(config, InstantSource.system());
    }

    /** As start(config), with the clock that dates orders and tells the reports' today. */
    public static App start(Config config, InstantSource clock) {
        Database db = openDatabase(config, true);
        List<AutoCloseable> running = new ArrayList<>();
        try {
            Metrics metrics = new Metrics();
            db.onCommit(metrics::committed);
            Bootstrap.SellerToken token = Bootstrap.prepare(db, config);
            OrderRepository orderRepository = new OrderRepository(db);
            EventLog log = new EventLog(db, orderRepository);
            SellerSockets sockets = new SellerSockets(log, config.pingInterval(), config.pingTimeout(),
                    config.socketQueueBytes(), metrics);
            metrics.socketsOpen(sockets::count);
            running.add(sockets);
            // the buyers' live views: pushed like the sockets, closed with them on stop
            BuyerStreams streams = new BuyerStreams(log, config.pingInterval());
            running.add(streams);
            Optional<Channel> channel = db.channel();
            // one instance rings its own sockets; instances sharing a database ring each other too
            CommitNotifier doorbell;
            if (channel.isPresent()) {
                // -Dsell.doorbell=off rings no other instance: only to measure what ringing costs
                boolean ring = !"off".equals(System.getProperty("sell.doorbell"));
                SharedEvents shared = new SharedEvents(log, channel.get(), () -> {
                    java.util.Set<String> watched = sockets.shops();
                    watched.addAll(streams.shops());
                    return watched;
                }, shop -> sockets.watches(shop) || streams.watches(shop), config.dbCheckInterval().toMillis(), ring);
                running.add(shared);
                shared.subscribe(sockets);
                shared.subscribe(streams);
                doorbell = shared;
            } else {
                LocalEvents local = new LocalEvents(log);
                local.subscribe(sockets);
                local.subscribe(streams);
                doorbell = local;
            }
            // every commit's events are counted on their way to the doorbell
            CommitNotifier notifier = events -> {
                metrics.eventsAppended(events.size());
                doorbell.committed(events);
            };
            CatalogRepository catalogRepository = new CatalogRepository(db);
            ShopRepository shops = new ShopRepository();
            SellerSessions sessions = new SellerSessions(db, shops, config.sessionTtl());
            SellerAuth auth = new SellerAuth(db);
            SellerCredentials credentials = new SellerCredentials(auth, sessions);
            ProductCache productCache = new ProductCache(db, catalogRepository);
            CountedStock stock = new CountedStock(db);
            CatalogService catalog = new CatalogService(db, catalogRepository, productCache, stock, log, notifier);
            SalesSlots sales = new SalesSlots(db);
            OrderService orders = new OrderService(db, orderRepository, catalogRepository, productCache, stock, log,
                    notifier, new OrderIds(db.instanceNumber()), sales, clock, metrics::orderCreated);
            ReportHandlers reports = new ReportHandlers(new SalesReport(db, new ReportRepository(db), config.timeZone(), clock),
                    new OrdersCsv(db, orderRepository), credentials);
            ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
            RateLimiter limiter = new RateLimiter(config.rateLimit(), clientAddress);
            // sockets whose session ended or whose token was rotated elsewhere close within a check
            SocketCheck check = new SocketCheck(sockets, sessions, auth,
                    Math.min(config.dbCheckInterval().toMillis(), Math.max(1000, config.sessionTtl().toMillis() / 4)));
            running.add(check);
            Instances instances = channel.map(ch -> new Instances(ch, sockets, check)).orElse(null);
            // a rotation here closes this instance's sockets of the shop at once, and tells the others
            TokenRotation rotation = new TokenRotation(auth, config.dataDir(), config.sellerToken() != null, () -> {
                check.check();
                if (instances != null) instances.tokensChanged();
            });
            // signing out also ends the sockets that session opened, on every instance
            sessions.onEnd(hash -> {
                sockets.closeSession(hash);
                if (instances != null) instances.sessionEnded(hash);
            });
            channel.ifPresent(Channel::start);
            Handlers handlers = new Handlers(new OrderHandlers(orders, new Reminders(db, orders, orderRepository, log, notifier, clock), credentials, limiter),
                    new CatalogHandlers(catalog, credentials), new EventHandlers(log, credentials),
                    new CompatApi(orders, catalog, limiter), new SocketEndpoint(credentials, sockets),
                    new SessionHandlers(auth, credentials, sessions, rotation), new ConsoleFiles(),
                    new ConsoleFiles(ConsoleFiles.API_FOLDER),
                    new OrderEventsEndpoint(orders, streams, clientAddress), reports);
            Javalin javalin = Javalin.create(c -> configure(c, config, handlers, db, sockets, metrics));
            try {
                javalin.start();
            } catch (RuntimeException e) {
                throw new Config.Invalid("cannot listen on port " + config.port() + ": " + rootMessage(e));
            }
            running.add(new EventPruner(log, config.eventRetention()));
            int metricsPort = -1;
            if (config.metrics() != null) {
                HTTPServer served = metrics.serve(config.metrics().bind(), config.metrics().port());
                running.add(served);
                metricsPort = served.getPort();
            }
            return new App(javalin, db, sockets, streams, running, auth, instances, token, metricsPort);
        } catch (RuntimeException e) {
            closeAll(running);
            db.close();
            throw e;
        }
    }

    private record Handlers(OrderHandlers orders, CatalogHandlers catalog, EventHandlers events, CompatApi compat,
                            SocketEndpoint socket, SessionHandlers sessions, ConsoleFiles console, ConsoleFiles api,
                            OrderEventsEndpoint orderEvents, ReportHandlers reports) {
    }

    private static void configure(JavalinConfig c, Config config, Handlers h, Database db, SellerSockets sockets,
                                  Metrics metrics) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.startup.startupWatcherEnabled = false;
        c.jetty.port = config.port();
        c.http.maxRequestSize = Requests.MAX_BODY;
        c.http.prefer405over404 = true;
        // the chunk Javalin copies each answer through, allocated afresh for every response:
        // Jetty's default (its 32 KiB output buffer) cost every answer 32 KiB of garbage, while
        // answers are a few hundred bytes to a few KiB; Jetty still aggregates the chunks
        c.http.responseBufferSize = RESPONSE_COPY_BYTES;
        c.jsonMapper(new JavalinJackson(Json.mapper(), false));
        // let in-flight requests finish on stop
        c.jetty.modifyServer(server -> {
            server.setStopTimeout(4_000);
            server.setErrorHandler(new JettyErrors());
            // the seller socket: in front of the web app, so that its handshake never becomes a
            // servlet request; liveness is the pings' job, the idle timeout only backs them up
            server.insertHandler(h.socket().handler(server,
                    config.pingInterval().plus(config.pingTimeout()).multipliedBy(2)));
        });
        c.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(new JettyErrors());
            // sell keeps no servlet sessions; Javalin asks for one on every socket handshake, so
            // make it cost nothing: no cookie, nothing kept in memory
            var servletSessions = context.getSessionHandler();
            servletSessions.setUsingCookies(false);
            NullSessionCache nothingKept = new NullSessionCache(servletSessions);
            nothingKept.setSessionDataStore(new NullSessionDataStore());
            servletSessions.setSessionCache(nothingKept);
        });
        c.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
            http.setSendServerVersion(false);
        });
        c.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setPort(config.port());
            // a fixed kernel send buffer, so that a peer that stops reading shows up as a socket
            // that falls behind (and is closed) instead of vanishing into megabytes of TCP buffer
            connector.setAcceptedSendBufferSize(SEND_BUFFER_BYTES);
            // idle keep-alive connections need not hold a stop up (Jetty waits 1 s otherwise)
            connector.setShutdownIdleTimeout(100);
            return connector;
        });

        RoutesConfig r = c.routes;
        Errors.register(r, CompatApi::writeError, CompatApi.PREFIX);
        r.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            Requests.checkQuery(ctx);
        });
        r.after(ctx -> {
            if (ctx.statusCode() == 503) metrics.unavailable();
        });
        r.get("/sell/health", ctx -> {
            boolean up = db.healthy();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("database", up ? "UP" : "DOWN");
            body.put("sockets", sockets.count());
            ctx.status(up ? 200 : 503).json(body);
        });

        r.get("/sell/api/products", h.catalog()::menu);
        r.post("/sell/api/orders", h.orders()::create);
        r.get("/sell/api/orders/{orderId}", h.orders()::buyerGet);
        r.post("/sell/api/orders/{orderId}/cancel", h.orders()::buyerCancel);
        r.post("/sell/api/orders/{orderId}/remind", h.orders()::remind);
        r.get("/sell/api/orders/{orderId}/events", h.orderEvents()::stream);

        r.get("/sell/api/seller/orders", h.orders()::sellerList);
        r.get("/sell/api/seller/orders/{orderId}", h.orders()::sellerGet);
        r.post("/sell/api/seller/orders/{orderId}/finish", h.orders()::finish);
        r.post("/sell/api/seller/orders/{orderId}/cancel", h.orders()::cancel);
        r.post("/sell/api/seller/orders/{orderId}/pay", h.orders()::pay);
        r.post("/sell/api/seller/products", h.catalog()::create);
        r.put("/sell/api/seller/products/{productId}", h.catalog()::update);
        r.get("/sell/api/seller/products", h.catalog()::sellerProducts);
        r.get("/sell/api/seller/categories", h.catalog()::categories);
        r.post("/sell/api/seller/categories", h.catalog()::createCategory);
        r.put("/sell/api/seller/categories/{categoryType}", h.catalog()::renameCategory);
        r.get("/sell/api/seller/events", h.events()::since);
        r.get("/sell/api/seller/report", h.reports()::report);
        r.get("/sell/api/seller/orders.csv", h.reports()::ordersCsv);

        r.get("/sell/buyer/product/list", h.compat()::productList);
        r.post("/sell/buyer/order/create", h.compat()::create);
        r.get("/sell/buyer/order/list", h.compat()::list);
        r.get("/sell/buyer/order/detail", h.compat()::detail);
        r.post("/sell/buyer/order/cancel", h.compat()::cancel);

        Handler consolePage = ctx -> {
            SessionHandlers.securityHeaders().forEach(ctx::header);
            h.sessions().console(ctx);
        };
        r.get("/sell/seller/", consolePage);
        r.head("/sell/seller/", consolePage);
        r.get("/sell/seller/{file}", h.console()::serve);
        r.head("/sell/seller/{file}", h.console()::serve);
        r.post("/sell/api/seller/session", h.sessions()::signIn);
        r.get("/sell/api/seller/session", h.sessions()::whoAmI);
        r.delete("/sell/api/seller/session", h.sessions()::signOut);
        r.post("/sell/api/seller/token", h.sessions()::rotateToken);

        // the API's description (hand-written, kept true by the tests) and its page for people
        r.get("/sell/api/openapi.json", ctx -> h.api().serve(ctx, "openapi.json"));
        r.get("/sell/api/docs", ctx -> h.api().serve(ctx, "index.html"));
        r.get("/sell/api/docs/{file}", h.api()::serve);
    }

    /** Every HTTP route as "METHOD /path", from Javalin's own table: what the API description is checked against. */
    List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    /** The database the settings name, opened and migrated; what keeps it from opening is Config.Invalid. */
    private static Database openDatabase(Config config, boolean serving) {
        try {
            return Database.open(config.database(), serving);
        } catch (Database.CannotOpen e) {
            throw new Config.Invalid("SELL_DB: " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ");
    }

    /** Adds a shop to this deployment; its sellers sign in with the returned token. */
    public ShopAdmin.NewShop addShop(String name) {
        return addShop(name, null);
    }

    /** Adds a shop with a time zone of its own for its reports (null: the deployment's). */
    public ShopAdmin.NewShop addShop(String name, java.time.ZoneId timeZone) {
        ShopAdmin.NewShop created = ShopAdmin.create(db, name, timeZone);
        if (instances != null) instances.tokensChanged();
        return created;
    }

    /** The add-shop command: opens the database (creating it if needed) without serving or its lock, adds a shop. */
    static ShopAdmin.NewShop addShop(Config config, String name, java.time.ZoneId timeZone) {
        Database db = openDatabase(config, false);
        try {
            Bootstrap.prepare(db, config);
            ShopAdmin.NewShop created = ShopAdmin.create(db, name, timeZone);
            // instances serving this database read the new token at once
            db.channel().ifPresent(Instances::tokensChanged);
            return created;
        } finally {
            db.close();
        }
    }

    /**
     * The rotate-token command: opens the database without serving or its lock, gives the shop a
     * new token and ends its sessions. Tokens are looked up in the database on every use, so the
     * old one stops at once; running servers close the shop's sockets at their next check, and
     * instances on a shared database at once.
     */
    static String rotateToken(Config config, String shopId) {
        Database db = openDatabase(config, false);
        try {
            TokenRotation rotation = new TokenRotation(new SellerAuth(db), config.dataDir(), config.sellerToken() != null,
                    () -> db.channel().ifPresent(Instances::tokensChanged));
            return rotation.rotate(shopId);
        } finally {
            db.close();
        }
    }

    public int port() {
        return javalin.port();
    }

    /** The port of /metrics, or -1 when SELL_METRICS_PORT is unset. */
    public int metricsPort() {
        return metricsPort;
    }

    public String sellerToken() {
        return sellerToken.token();
    }

    boolean tokenFromDataFolder() {
        return sellerToken.fromDataFolder();
    }

    /** Stops accepting, lets requests finish, closes sockets with 1001 and ends the live views, then the database. */
    @Override
    public void close() {
        sockets.closeAll();
        streams.close();
        javalin.stop();
        closeAll(running);
        db.close();
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LoggerFactory.getLogger(App.class).warn("stopping {} failed: {}", running.get(i), e.toString());
            }
        }
    }
}
