package dev.calllog.testsupport.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser driver on pages of its own: loading, evaluating, following a link, screenshots, what the page reports. */
class HeadlessChromiumTest {
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String html =
                    switch (path) {
                        case "/" ->
                            "<!DOCTYPE html><title>first</title><p id=x>hello &lt;b&gt;</p>"
                                    + "<a id=next href=\"/next\">next</a>";
                        case "/next" -> "<!DOCTYPE html><title>second</title><p>there</p>";
                        // The policy forbids inline scripts: the browser refuses this one and says so.
                        case "/strict" -> "<!DOCTYPE html><title>strict</title><script>document.title='ran'</script>";
                        default -> "<!DOCTYPE html><title>none</title>";
                    };
            if (path.equals("/strict")) {
                exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
            }
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(path.equals("/favicon.ico") ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void loadsEvaluatesFollowsALinkAndTakesAScreenshot(@TempDir Path dir) throws IOException {
        try (HeadlessChromium browser = HeadlessChromium.startOrSkip()) {
            HeadlessChromium.Tab tab = browser.open(base + "/", 800, 600);
            assertThat(((JsonString) tab.evaluate("document.getElementById('x').textContent")).getString())
                    .isEqualTo("hello <b>");
            assertThat(((JsonString) tab.evaluate("document.title")).getString())
                    .isEqualTo("first");
            tab.andWaitForTheNextPage("document.getElementById('next').click()");
            assertThat(((JsonString) tab.evaluate("location.pathname")).getString())
                    .isEqualTo("/next");

            Path png = dir.resolve("page.png");
            tab.screenshot(png, 2000);
            byte[] bytes = Files.readAllBytes(png);
            assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
            tab.close();
        }
    }

    @Test
    void reportsWhatThePageRefuses() throws IOException {
        try (HeadlessChromium browser = HeadlessChromium.startOrSkip()) {
            HeadlessChromium.Tab tab = browser.open(base + "/strict", 800, 600);
            assertThat(((JsonString) tab.evaluate("document.title")).getString())
                    .isEqualTo("strict");
            assertThat(tab.console()).anySatisfy(line -> assertThat(line).contains("Content Security Policy"));
        }
    }
}
