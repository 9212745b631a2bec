package sell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import sell.http.SellerCredentials;

/** The console's files: their bytes, types and headers, revalidation by ETag, HEAD, and names that reach nothing. */
class ConsoleFilesTest extends ServerTest {
    private final OkHttpClient http = new OkHttpClient();

    private record Got(int status, byte[] body, okhttp3.Headers headers) {
    }

    private Got fetch(String method, String path, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(server.url(path)).method(method, null);
        headers.forEach(request::header);
        try (Response response = http.newCall(request.build()).execute()) {
            return new Got(response.code(), response.body().bytes(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyFileComesWithItsBytesTypeAndHeaders() throws IOException {
        Map<String, String> types = Map.of("html", "text/html;charset=utf-8", "js", "text/javascript;charset=utf-8",
                "css", "text/css;charset=utf-8", "wav", "audio/wav");
        List<Path> files;
        try (var listing = Files.list(Path.of("static/seller"))) {
            files = listing.sorted().toList();
        }
        assertTrue(files.size() >= 10, "files: " + files);
        for (Path file : files) {
            String name = file.getFileName().toString();
            Got got = fetch("GET", "/sell/seller/" + name, Map.of());
            assertEquals(200, got.status(), name);
            assertArrayEquals(Files.readAllBytes(file), got.body(), name);
            assertEquals(types.get(name.substring(name.lastIndexOf('.') + 1)), got.headers().get("Content-Type"), name);
            assertEquals("no-cache", got.headers().get("Cache-Control"), name);
            assertEquals("nosniff", got.headers().get("X-Content-Type-Options"), name);
            assertEquals("DENY", got.headers().get("X-Frame-Options"), name);
            assertTrue(got.headers().get("Content-Security-Policy").contains("default-src 'self'"), name);
            assertTrue(got.headers().get("ETag").matches("\"[0-9a-f]{24}\""), name + ": " + got.headers().get("ETag"));
        }
        // each file its own tag
        assertNotEquals(fetch("GET", "/sell/seller/app.js", Map.of()).headers().get("ETag"),
                fetch("GET", "/sell/seller/view.js", Map.of()).headers().get("ETag"));
    }

    @Test
    void aCurrentCopyIsAnswered304AndAStaleOneGetsTheFile() throws IOException {
        byte[] script = Files.readAllBytes(Path.of("static/seller/app.js"));
        String etag = fetch("GET", "/sell/seller/app.js", Map.of()).headers().get("ETag");

        Got current = fetch("GET", "/sell/seller/app.js", Map.of("If-None-Match", etag));
        assertEquals(304, current.status());
        assertEquals(0, current.body().length);
        assertEquals(etag, current.headers().get("ETag"));
        assertEquals("no-cache", current.headers().get("Cache-Control"));
        // no representation metadata (RFC 9110, 15.4.5), and no promise of a body: a client that
        // honours a length on a 304 (OkHttp does) would wait for it
        assertEquals(null, current.headers().get("Content-Type"));
        assertEquals("0", current.headers().get("Content-Length"));
        // a weak form of the tag, or the tag among others, is the same copy
        assertEquals(304, fetch("GET", "/sell/seller/app.js", Map.of("If-None-Match", "\"other\", W/" + etag)).status());

        Got stale = fetch("GET", "/sell/seller/app.js", Map.of("If-None-Match", "\"0123456789abcdef01234567\""));
        assertEquals(200, stale.status());
        assertArrayEquals(script, stale.body());
    }

    @Test
    void headTellsTheLengthWithoutTheBody() throws IOException {
        long size = Files.size(Path.of("static/seller/ding.wav"));
        Got head = fetch("HEAD", "/sell/seller/ding.wav", Map.of());
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
        assertEquals(String.valueOf(size), head.headers().get("Content-Length"));
        assertEquals("audio/wav", head.headers().get("Content-Type"));
        assertEquals(fetch("GET", "/sell/seller/ding.wav", Map.of()).headers().get("ETag"), head.headers().get("ETag"));
    }

    @Test
    void headOfTheConsolePageHasTheHeadersOfItsGetAndSignsNobodyIn() throws IOException {
        // uncompressed, so that the GET's body is what the HEAD's length counts
        Got page = fetch("GET", "/sell/seller/", Map.of("Accept-Encoding", "identity"));
        Got head = fetch("HEAD", "/sell/seller/", Map.of("Accept-Encoding", "identity"));
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
        assertTrue(page.body().length > 1000, "page of " + page.body().length + " bytes");
        assertEquals(String.valueOf(page.body().length), head.headers().get("Content-Length"));
        for (String name : List.of("Content-Type", "Cache-Control", "Content-Security-Policy", "X-Frame-Options",
                "Referrer-Policy", "X-Content-Type-Options")) {
            assertEquals(page.headers().get(name), head.headers().get(name), name);
        }
        assertEquals("text/html;charset=utf-8", head.headers().get("Content-Type"));

        // a link preview asking for the sign-in URL gets its redirect, but no session
        OkHttpClient noRedirects = http.newBuilder().followRedirects(false).build();
        Request signIn = new Request.Builder().url(server.url("/sell/seller/?token=" + TestServer.TOKEN)).head().build();
        try (Response response = noRedirects.newCall(signIn).execute()) {
            assertEquals(303, response.code());
            assertEquals("/sell/seller/", response.header("Location"));
            assertEquals(null, response.header("Set-Cookie"));
        }
        try (Response response = noRedirects.newCall(signIn.newBuilder().get().build()).execute()) {
            assertEquals(303, response.code());
            assertTrue(response.header("Set-Cookie").startsWith(SellerCredentials.COOKIE + "="), response.header("Set-Cookie"));
        }
    }

    @Test
    void namesOutsideTheConsoleFolderReachNothing() {
        // not there, hidden, another case, no known type, another folder, the classes beside it
        for (String path : List.of("nope.js", ".hidden", "APP.JS", "app.js.bak", "app", "WEB-INF/web.xml",
                "%2e%2e%2fpom.xml", "..%2Fstatic%2Fseller%2Fapp.js", "sell%2FApp.class", "x".repeat(70) + ".js")) {
            TestServer.Reply reply = server.get("/sell/seller/" + path);
            assertEquals(404, reply.status(), path + ": " + reply.body());
            assertEquals("not_found", reply.json().get("error").get("code").asText(), path);
        }
    }
}
