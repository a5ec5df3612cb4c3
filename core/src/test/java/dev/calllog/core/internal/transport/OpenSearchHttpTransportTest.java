package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenSearchHttpTransportTest {

    private static OpenSearchHttpTransport transport(String... urls) throws Exception {
        CallLogConfig c = new CallLogConfig();
        for (String u : urls) {
            c.addUrl(u);
        }
        c.setConnectTimeoutMillis(1_000);
        c.setRequestTimeoutMillis(5_000);
        return OpenSearchHttpTransport.create(c);
    }

    @Test
    void sendsTheBodyAndHeadersAsGivenBelowTheUrlsPath() throws Exception {
        try (FakeOpenSearch node = new FakeOpenSearch();
                OpenSearchHttpTransport t = transport(node.url() + "/search/")) {
            node.handler(r -> new FakeOpenSearch.Answer(200, "{\"ok\":true}"));
            byte[] body = "xx{\"a\":1}\nyy".getBytes(StandardCharsets.UTF_8);

            HttpResult result = t.send(
                    "POST", "/logs/_bulk", body, 2, 8, Map.of("Content-Type", "application/x-ndjson", "X-Test", "1"));

            assertThat(result.status()).isEqualTo(200);
            assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
            FakeOpenSearch.Request r = node.requests().get(0);
            assertThat(r.path()).isEqualTo("/search/logs/_bulk");
            assertThat(r.bodyText()).isEqualTo("{\"a\":1}\n");
            assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
            assertThat(r.header("X-Test")).isEqualTo("1");
        }
    }

    @Test
    void returnsErrorStatusesWithTheirBody() throws Exception {
        try (FakeOpenSearch node = new FakeOpenSearch();
                OpenSearchHttpTransport t = transport(node.url())) {
            for (int status : new int[] {400, 401, 403, 404, 409, 413, 429, 500, 503}) {
                node.handler(r -> new FakeOpenSearch.Answer(
                        status,
                        "{\"error\":{\"type\":\"e" + status + "\",\"reason\":\"r\"},\"status\":" + status + "}"));

                HttpResult result = t.send("GET", "/x");

                assertThat(result.status()).isEqualTo(status);
                assertThat(result.errorText(200)).as("status %d", status).isEqualTo("e" + status + ": r");
            }
        }
    }

    @Test
    void triesTheNextNodeWhenOneRefusesConnections() throws Exception {
        FakeOpenSearch down = new FakeOpenSearch();
        String downUrl = down.url();
        down.close();
        try (FakeOpenSearch up = new FakeOpenSearch();
                OpenSearchHttpTransport t = transport(downUrl, up.url())) {
            up.handler(r -> new FakeOpenSearch.Answer(200, "{}"));
            for (int i = 0; i < 4; i++) {
                assertThat(t.send("GET", "/").status()).isEqualTo(200);
            }
            assertThat(up.requests()).hasSize(4);
        }
    }

    @Test
    void throwsWhenNoNodeAnswers() throws Exception {
        FakeOpenSearch down = new FakeOpenSearch();
        String downUrl = down.url();
        down.close();
        try (OpenSearchHttpTransport t = transport(downUrl)) {
            assertThatThrownBy(() -> t.send("GET", "/")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void refusesUrlsWithDifferentPaths() {
        assertThatThrownBy(() -> transport("http://a:9200/x", "http://b:9200/y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same path");
    }

    /**
     * Health-aware failover: a node answering 503 is set aside (later requests go straight to the healthy one), but not
     * forgotten: when the healthy one fails too, the set-aside node is tried again and used.
     */
    @Test
    void setsAsideAFailingNodeAndComesBackToItWhenItIsTheBestLeft() throws Exception {
        try (FakeOpenSearch a = new FakeOpenSearch();
                FakeOpenSearch b = new FakeOpenSearch();
                OpenSearchHttpTransport t = transport(a.url(), b.url())) {
            a.handler(r -> new FakeOpenSearch.Answer(503, "{\"error\":\"busy\"}"));
            b.handler(r -> new FakeOpenSearch.Answer(200, "{}"));
            for (int i = 0; i < 6; i++) {
                assertThat(t.send("GET", "/").status()).isEqualTo(200);
            }
            assertThat(a.requests())
                    .as("the 503 node is asked once, then set aside")
                    .hasSize(1);
            assertThat(b.requests()).hasSize(6);

            a.handler(r -> new FakeOpenSearch.Answer(200, "{\"node\":\"a\"}"));
            b.handler(r -> new FakeOpenSearch.Answer(503, "{\"error\":\"busy\"}"));
            HttpResult result = t.send("GET", "/");

            assertThat(result.status()).isEqualTo(200);
            assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("{\"node\":\"a\"}");
            assertThat(a.requests()).hasSize(2);
        }
    }

    @Test
    void aNodeThatWasDownIsUsedAgainOnceItIsTheOnlyOneLeft() throws Exception {
        FakeOpenSearch first = new FakeOpenSearch();
        int port = first.port();
        first.close();
        try (FakeOpenSearch up = new FakeOpenSearch();
                OpenSearchHttpTransport t = transport("http://127.0.0.1:" + port, up.url())) {
            up.handler(r -> new FakeOpenSearch.Answer(200, "{}"));
            assertThat(t.send("GET", "/").status()).isEqualTo(200);
            up.close();
            try (FakeOpenSearch back = new FakeOpenSearch(port)) {
                back.handler(r -> new FakeOpenSearch.Answer(200, "{\"back\":true}"));
                HttpResult result = t.send("GET", "/");
                assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("{\"back\":true}");
            }
        }
    }
}
