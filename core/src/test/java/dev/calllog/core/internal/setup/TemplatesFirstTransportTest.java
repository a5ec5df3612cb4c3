package dev.calllog.core.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.setup.TemplateInstaller.Action;
import dev.calllog.core.internal.setup.TemplateInstaller.AssetResult;
import dev.calllog.core.internal.setup.TemplateInstaller.Result;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** No bulk request reaches the cluster before the templates are settled: a data stream must never start unmapped. */
class TemplatesFirstTransportTest {
    private final List<String> sent = new ArrayList<>();
    private final BulkTransport cluster = new BulkTransport() {
        @Override
        public HttpResult send(String method, String path, byte[] body, int off, int len, Map<String, String> h) {
            sent.add(method + " " + path);
            return new HttpResult(200, new byte[0]);
        }

        @Override
        public void close() {}
    };

    private static Result unreachable() {
        return new Result(List.of(new AssetResult(
                "component_template",
                "calllog-mappings",
                Action.FAILED,
                4,
                -1,
                TemplateInstaller.UNREACHABLE + ": Connection refused")));
    }

    private static Result installed() {
        return new Result(
                List.of(new AssetResult("component_template", "calllog-mappings", Action.INSTALLED, 4, -1, null)));
    }

    private static Result refused() {
        return new Result(List.of(new AssetResult(
                "component_template", "calllog-mappings", Action.FAILED, 4, -1, "PUT answered 403: no permissions")));
    }

    @Test
    void aBulkRequestWaitsUntilTheTemplatesCouldBeInstalledAndFailsLikeAnUnreachableClusterMeanwhile()
            throws Exception {
        Deque<Result> answers = new ArrayDeque<>(List.of(unreachable(), unreachable(), installed()));
        int[] installs = {0};
        int[] retries = {0};
        Supplier<Result> install = () -> {
            installs[0]++;
            return answers.poll();
        };
        Supplier<Result> retry = () -> {
            retries[0]++;
            return install.get();
        };
        TemplatesFirstTransport t = new TemplatesFirstTransport(cluster, install, retry);

        t.installNow(); // at start: the cluster is down
        assertThat(t.settled()).isFalse();
        assertThatThrownBy(() -> t.send("POST", "/calllog-events/_bulk", new byte[1], 0, 1, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not be reached");
        assertThat(sent).as("nothing reached the cluster's _bulk").isEmpty();

        t.send("GET", "/", null, 0, 0, Map.of()); // a probe is not held back
        assertThat(t.start("POST", "/calllog-events/_bulk", new byte[1], 0, 1, Map.of())
                        .await()
                        .status())
                .isEqualTo(200);
        t.send("POST", "/calllog-events/_bulk", new byte[1], 0, 1, Map.of());
        assertThat(installs[0]).isEqualTo(3);
        assertThat(retries[0]).as("every attempt after the first is a retry").isEqualTo(2);
        assertThat(t.settled()).isTrue();
        assertThat(sent).containsExactly("GET /", "POST /calllog-events/_bulk", "POST /calllog-events/_bulk");
    }

    @Test
    void aRefusalSettlesIt() throws Exception {
        int[] installs = {0};
        Supplier<Result> install = () -> {
            installs[0]++;
            return refused();
        };
        TemplatesFirstTransport t = new TemplatesFirstTransport(cluster, install, install);
        t.installNow();
        t.send("POST", "/calllog-events/_bulk", new byte[1], 0, 1, Map.of());
        t.send("POST", "/calllog-events/_bulk", new byte[1], 0, 1, Map.of());
        assertThat(installs[0]).isEqualTo(1);
        assertThat(sent).hasSize(2);
    }

    @Test
    void warningsThatTheClusterCannotBeReachedAreLeftOutOfLaterAttempts() {
        List<String> seen = new ArrayList<>();
        dev.calllog.core.internal.status.StatusSink quiet =
                TemplateInstaller.quietWhileUnreachable(new dev.calllog.core.internal.status.StatusSink() {
                    @Override
                    public void info(String message) {
                        seen.add("info " + message);
                    }

                    @Override
                    public void warn(String message, Throwable cause) {
                        seen.add("warn " + message);
                    }

                    @Override
                    public void error(String message, Throwable cause) {
                        seen.add("error " + message);
                    }
                });
        quiet.warn("Could not install x: " + TemplateInstaller.UNREACHABLE + ": refused");
        quiet.warn("Could not install x: PUT answered 403");
        quiet.info("Installed x");
        assertThat(seen).containsExactly("warn Could not install x: PUT answered 403", "info Installed x");
    }
}
