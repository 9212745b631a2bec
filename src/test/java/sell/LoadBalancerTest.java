package sell;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's nginx in front of two instances, with the configuration docs/DEPLOY.md shows (read from
 * that file): sellers' sockets spread over both, orders through it reach every one of them.
 */
class LoadBalancerTest {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    @TempDir
    Path dir;

    private TestServer a;
    private TestServer b;
    private Process nginx;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        boolean installed = Files.isExecutable(NGINX);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run the load balancer test: install nginx-light");
        }
        Assumptions.assumeTrue(installed, "load balancer test skipped: no nginx here (apt-get install nginx-light)");
        a = TestServer.start(Store.POSTGRES);
        b = a.another();
    }

    @AfterEach
    void stop() throws Exception {
        sockets.forEach(Socket::close);
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) nginx.destroyForcibly();
        }
        if (b != null) b.close();
        if (a != null) a.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** The nginx configuration of docs/DEPLOY.md, between its two marker lines, pointed at this test's ports. */
    static String deployConfig(int listen, int portA, int portB) throws IOException {
        String doc = Files.readString(Path.of("docs/DEPLOY.md"), StandardCharsets.UTF_8);
        String begin = "# sell.conf begins";
        String end = "# sell.conf ends";
        int from = doc.indexOf(begin);
        int to = doc.indexOf(end);
        assertTrue(from >= 0 && to > from, "docs/DEPLOY.md holds the configuration between its markers");
        return doc.substring(from, to + end.length())
                .replace("listen 80;", "listen 127.0.0.1:" + listen + ";")
                .replace("server 10.0.0.11:8080", "server 127.0.0.1:" + portA)
                .replace("server 10.0.0.12:8080", "server 127.0.0.1:" + portB);
    }

    private int startNginx() throws Exception {
        int listen;
        try (ServerSocket free = new ServerSocket(0)) {
            listen = free.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        // the site's configuration as DEPLOY.md gives it, inside a minimal nginx.conf of the test's own
        Files.writeString(conf, "user root;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\nevents { worker_connections 1024; }\n"
                + "http {\n    access_log off;\n    client_body_temp_path " + dir.resolve("body") + ";\n"
                + "    proxy_temp_path " + dir.resolve("proxy") + ";\n"
                + deployConfig(listen, a.app().port(), b.app().port()) + "\n}\n");
        nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString(), "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        String health = "http://127.0.0.1:" + listen + "/sell/health";
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            assertTrue(nginx.isAlive(), () -> "nginx stopped: " + read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")));
            try (Response response = http.newCall(new Request.Builder().url(health).build()).execute()) {
                return response.code() == 200;
            }
        });
        return listen;
    }

    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void ordersThroughNginxReachEverySellerOnEitherInstance() throws Exception {
        int port = startNginx();
        for (int i = 0; i < 4; i++) {
            Socket socket = Socket.openUrl(http, "ws://127.0.0.1:" + port + "/sell/webSocket?token=" + TestServer.TOKEN);
            sockets.add(socket);
            socket.awaitOpen();
            assertEquals("hello", socket.next().get("type").asText());
        }
        // no sticky sessions: the sockets went to both instances
        assertTrue(a.get("/sell/health").json().get("sockets").asInt() >= 1);
        assertTrue(b.get("/sell/health").json().get("sockets").asInt() >= 1);
        assertEquals(4, a.get("/sell/health").json().get("sockets").asInt() + b.get("/sell/health").json().get("sockets").asInt());

        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            try (Response response = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/sell/api/orders")
                    .post(RequestBody.create(TestServer.orderJson("nginx-" + i, "milk-tea", 1), TestServer.JSON)).build())
                    .execute()) {
                assertEquals(201, response.code());
                placed.add(TestServer.MAPPER.readTree(response.body().string()).get("orderId").asText());
            }
        }
        for (Socket socket : sockets) {
            List<JsonNode> events = socket.nextEvents(10);
            for (int i = 0; i < 10; i++) {
                assertEquals(i + 1, events.get(i).get("seq").asLong());
                assertEquals(placed.get(i), events.get(i).get("order").get("orderId").asText());
            }
        }
        assertEquals(10, a.orderCount());
        assertEquals(190, b.stockOf("milk-tea"));
    }
}
