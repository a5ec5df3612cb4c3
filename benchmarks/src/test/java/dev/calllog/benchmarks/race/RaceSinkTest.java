package dev.calllog.benchmarks.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The race sink answers bulk requests as a node does: every item, the node's fields, filter_path, gzip both ways. */
class RaceSinkTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private RaceSink sink;

    @BeforeEach
    void start() throws Exception {
        sink = RaceSink.start(2);
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    private HttpResponse<byte[]> post(String path, byte[] body, boolean gzipBody, boolean acceptGzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sink.url() + path))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipBody ? gzip(body) : body));
        if (gzipBody) {
            b.header("Content-Encoding", "gzip");
        }
        if (acceptGzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answersEveryItemInFullWithTheIdsItWasGivenOrMadeUp() throws Exception {
        byte[] body = ("{\"create\":{\"_id\":\"a-1\"}}\n{\"message\":\"one\"}\n"
                        + "{\"index\":{\"_index\":\"other\"}}\n{\"message\":\"two\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = post("/logs/_bulk", body, false, false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .matches(
                        "\\{\"took\":\\d+,\"errors\":false,\"items\":\\["
                                + "\\{\"create\":\\{\"_index\":\"logs\",\"_id\":\"a-1\",\"_version\":1,\"result\":\"created\","
                                + "\"_shards\":\\{\"total\":1,\"successful\":1,\"failed\":0\\},\"_seq_no\":\\d+,"
                                + "\"_primary_term\":1,\"status\":201\\}\\},"
                                + "\\{\"index\":\\{\"_index\":\"other\",\"_id\":\"race[0-9a-z]+AbCdEfGhIjKl\",.*\"status\":201\\}\\}\\]\\}");
        assertThat(sink.documents("logs")).isEqualTo(1);
        assertThat(sink.documents("other")).isEqualTo(1);
        assertThat(sink.sample("logs")).isEqualTo("{\"create\":{\"_id\":\"a-1\"}}\n{\"message\":\"one\"}");
    }

    @Test
    void cutsTheAnswerDownByFilterPathAndGzipsBothWays() throws Exception {
        byte[] body = "{\"create\":{}}\n{\"m\":1}\n{\"create\":{}}\n{\"m\":2}\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = post(
                "/logs/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason",
                body,
                true,
                true);

        assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gunzip(r.body()))
                .isEqualTo(
                        "{\"errors\":false,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":201}}]}");
        assertThat(sink.documents("logs")).isEqualTo(2);
    }

    @Test
    void refusesABodyThatIsNotBulkNdjson() throws Exception {
        HttpResponse<byte[]> r =
                post("/logs/_bulk", "{\"create\":{}}\nnot json\n".getBytes(StandardCharsets.UTF_8), false, false);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(sink.rejected()).isEqualTo(1);
        assertThat(sink.documents("logs")).isZero();
    }

    private static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] b) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
