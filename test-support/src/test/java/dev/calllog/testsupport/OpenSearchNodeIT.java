package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against a real node: the shared one, which these tests stop, kill and start again. */
@WithOpenSearch
class OpenSearchNodeIT {

    @Test
    void runsTheVersionTheBuildPinned(OpenSearchNode node) {
        assertThat(node.version()).isEqualTo(OpenSearchVersions.defaultVersion());
        assertThat(node.url()).isEqualTo("http://127.0.0.1:" + node.httpPort());
        assertThat(node.http()
                        .get("/?pretty=false&filter_path=version.number,version.distribution")
                        .body())
                .isEqualTo("{\"version\":{\"distribution\":\"opensearch\",\"number\":\"" + node.version() + "\"}}");
    }

    @Test
    void indexesAndSearchesADocument(OpenSearchHttp http) {
        http.delete("/launcher-search");
        assertThat(http.put("/launcher-search", "{\"settings\":{\"index.number_of_replicas\":0}}")
                        .status())
                .isEqualTo(200);
        assertThat(http.put("/launcher-search/_doc/1?refresh=true", "{\"call_id\":\"c-1\",\"message\":\"hello\"}")
                        .body())
                .contains("\"result\":\"created\"");

        assertThat(http.post(
                                "/launcher-search/_search?filter_path=hits.total.value,hits.hits._id",
                                "{\"query\":{\"match\":{\"message\":\"hello\"}}}")
                        .body())
                .isEqualTo("{\"hits\":{\"total\":{\"value\":1},\"hits\":[{\"_id\":\"1\"}]}}");
    }

    @Test
    void restartKeepsPortsAndData(OpenSearchNode node) {
        OpenSearchHttp http = node.http();
        http.delete("/launcher-restart");
        http.put("/launcher-restart", "{\"settings\":{\"index.number_of_replicas\":0}}");
        http.put("/launcher-restart/_doc/1?refresh=true", "{\"n\":1}");
        int httpPort = node.httpPort();
        int transportPort = node.transportPort();
        long pid = node.pid().orElseThrow();

        node.restart();

        assertThat(node.isRunning()).isTrue();
        assertThat(node.pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(node.httpPort()).isEqualTo(httpPort);
        assertThat(node.transportPort()).isEqualTo(transportPort);
        assertThat(http.get("/launcher-restart/_count?filter_path=count").body())
                .isEqualTo("{\"count\":1}");
        assertThatThrownBy(node::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already");
    }

    @Test
    void killEndsTheNodeAtOnceAndStartBringsItBackWithItsData(OpenSearchNode node) {
        OpenSearchHttp http = node.http();
        http.delete("/launcher-kill");
        http.put("/launcher-kill", "{\"settings\":{\"index.number_of_replicas\":0}}");
        // Acknowledged writes survive a crash: the translog is fsynced before the answer.
        http.put("/launcher-kill/_doc/1", "{\"n\":1}");
        long pid = node.pid().orElseThrow();

        long started = System.nanoTime();
        node.kill();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(node.isRunning()).isFalse();
        assertThat(node.pid()).isEmpty();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThatThrownBy(() -> http.get("/")).isInstanceOf(UncheckedIOException.class);
        node.stop(); // nothing left to stop: a no-op

        node.start();

        assertThat(http.get("/launcher-kill/_count?filter_path=count").body()).isEqualTo("{\"count\":1}");
    }

    @Test
    void copiesItsLogs(OpenSearchNode node, @TempDir Path target) throws Exception {
        Path copy = node.copyLogsTo(target);

        assertThat(copy.getParent()).isEqualTo(target);
        assertThat(Files.readString(copy.resolve(node.clusterName() + ".log"))).contains("started");
        assertThat(copy.resolve("console.log")).exists();
    }
}
