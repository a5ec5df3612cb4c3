package dev.calllog.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.testsupport.http.FakeOpenSearch.Answer;
import dev.calllog.testsupport.http.FakeOpenSearch.ItemAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake does what its tests rely on, seen through the JDK's HTTP client as the transport uses it. */
class FakeOpenSearchTest {
    private static final String BULK =
            "{\"create\":{\"_id\":\"a\"}}\n{\"n\":1}\n{\"create\":{\"_id\":\"b\"}}\n{\"n\":2}\n";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final FakeOpenSearch node;

    FakeOpenSearchTest() throws IOException {
        node = new FakeOpenSearch();
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    private HttpResponse<String> bulk(byte[] body, boolean gzip, Duration timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + "/calllog/_bulk?filter_path=items"))
                .timeout(timeout)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            b.header("Content-Encoding", "gzip");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void recordsRequestsUngzippedWithTheirHeadersAndAnswersItemByItem() throws Exception {
        node.handler(FakeOpenSearch.bulk((id, attempt) -> id.equals("a") ? ItemAnswer.of(429) : ItemAnswer.created()));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            gz.write(BULK.getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> r = bulk(raw.toByteArray(), true, Duration.ofSeconds(10));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"errors\":true")
                .contains("\"_id\":\"a\",\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\"")
                .contains("\"_id\":\"b\",\"status\":201");
        FakeOpenSearch.Request seen = node.bulkRequests().get(0);
        assertThat(seen.bodyText()).isEqualTo(BULK);
        assertThat(seen.rawBody()).isEqualTo(raw.toByteArray());
        assertThat(seen.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(seen.query()).isEqualTo("filter_path=items");
        assertThat(seen.bulkIds()).containsExactly("a", "b");
        assertThat(node.requestLines()).containsExactly("POST /calllog/_bulk?filter_path=items");
    }

    @Test
    void aFakeIndexTakesEachIdOnceAndAnswers409WhenItComesAgain() throws Exception {
        FakeIndex index = new FakeIndex();
        node.handler(index);

        bulk(BULK.getBytes(StandardCharsets.UTF_8), false, Duration.ofSeconds(10));
        HttpResponse<String> again = bulk(BULK.getBytes(StandardCharsets.UTF_8), false, Duration.ofSeconds(10));

        assertThat(index.indexed()).containsExactlyInAnyOrder("a", "b");
        assertThat(again.body()).contains("\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\"");
        assertThat(index.log())
                .extracting(r -> r.n() + " items=" + r.items() + " "
                        + r.step().getClass().getSimpleName())
                .containsExactly("0 items=2 Items", "1 items=2 Items");
    }

    @Test
    void resetsHalfWrittenAnswersAndDroppedConnectionsFailTheRequest() throws Exception {
        for (Answer fault : new Answer[] {Answer.reset(), Answer.halfWritten(200, "{\"took\":1}"), Answer.drop()}) {
            node.handler(r -> fault);
            assertThatThrownBy(() -> bulk(BULK.getBytes(StandardCharsets.UTF_8), false, Duration.ofSeconds(10)))
                    .as(fault.fault().toString())
                    .isInstanceOf(IOException.class);
        }
        node.handler(r -> Answer.of(413, "{}"));
        assertThat(bulk(BULK.getBytes(StandardCharsets.UTF_8), false, Duration.ofSeconds(10))
                        .statusCode())
                .isEqualTo(413);
    }

    @Test
    void anUnansweredRequestIsIndexedAndNeverAnswered() throws Exception {
        FakeIndex index = new FakeIndex().script((n, ids) -> new FakeIndex.IndexedUnanswered());
        CountDownLatch handled = new CountDownLatch(1);
        node.handler(r -> {
            Answer a = index.handle(r);
            handled.countDown();
            return a;
        });

        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(
                HttpRequest.newBuilder(URI.create(node.url() + "/calllog/_bulk?filter_path=items"))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(BULK))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // Waits on the handler, not on a clock: the client's own timeout is far beyond any test's patience.
        assertThat(handled.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(index.indexed()).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> answer.get(1, TimeUnit.SECONDS))
                .as("no answer comes once the request was handled")
                .isInstanceOf(TimeoutException.class);
        answer.cancel(true);
    }

    @Test
    void gzipsAnswersForClientsThatAcceptIt() throws Exception {
        node.gzipAnswers(true).handler(r -> Answer.of(200, "{\"ok\":true}"));
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(URI.create(node.url() + "/"))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.body()[0] & 0xff).isEqualTo(0x1f);
    }
}
