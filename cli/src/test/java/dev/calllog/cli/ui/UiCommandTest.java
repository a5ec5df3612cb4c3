package dev.calllog.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.cli.CallLogCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UiCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(CompletableFuture<?> stop, String... args) {
        CallLogCli tool = new CallLogCli(List.of(new UiCommand(Map.of("OPENSEARCH_PASSWORD", "pw-123"), stop)));
        return tool.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run(new CompletableFuture<>(), "ui", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("calllog ui: --port must be between 0 and 65535\n");
        err.reset();
        assertThat(run(new CompletableFuture<>(), "ui", "extra")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("calllog ui: unexpected argument 'extra'\n");
        err.reset();
        assertThat(run(new CompletableFuture<>(), "ui", "--listen", "no-such-host.invalid"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("calllog ui: --listen 'no-such-host.invalid' is not an address of this machine\n");
    }

    @Test
    void servesOnLoopbackUntilStoppedAndSaysWhenOpenSearchCannotBeRead() throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        int cluster = closedPort();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> run(stop, "ui", "--port", "0", "--url", "http://127.0.0.1:" + cluster, "--user", "u"));
        Pattern started = Pattern.compile("at (http://127\\.0\\.0\\.1:[0-9]+/) \\(Ctrl-C stops it\\)");
        Matcher m = started.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!m.find() && System.nanoTime() < deadline && !code.isDone()) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            m = started.matcher(out.toString(StandardCharsets.UTF_8));
        }
        assertThat(m.hitEnd()).as("started: %s %s", out, err).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Call-log web view of 'calllog-events' at ");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("calllog ui: OpenSearch cannot be read yet (")
                .doesNotContain("pw-123");

        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(m.group(1)))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).contains("OpenSearch could not be read: ").doesNotContain("pw-123");

        stop.complete(null);
        assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    }
}
