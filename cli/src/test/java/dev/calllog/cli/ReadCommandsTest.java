package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command lines of {@code timeline} and {@code calls}; what they print from a real node is the demo's test. */
class ReadCommandsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        CallLogCli tool =
                new CallLogCli(List.of(new TimelineCommand(Map.of(), false), new CallsCommand(Map.of(), false)));
        return tool.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theStandardToolHasBothCommands() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        CallLogCli.standard().run(List.of("help"), new PrintStream(help, true, StandardCharsets.UTF_8), System.err);
        assertThat(help.toString(StandardCharsets.UTF_8))
                .contains("  timeline   one call's events, in order, as the call-detail view shows them\n")
                .contains("  calls      recent calls with their outcome and error counts\n");
    }

    @Test
    void timelineNeedsExactlyOneCallId() {
        assertThat(run("timeline")).isEqualTo(2);
        assertThat(err()).startsWith("calllog timeline: give exactly one call id\nusage: calllog timeline CALL_ID");
        err.reset();
        assertThat(run("timeline", "a", "b")).isEqualTo(2);
        assertThat(err()).startsWith("calllog timeline: give exactly one call id\n");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(run("timeline", "c", "--color", "yes")).isEqualTo(2);
        assertThat(err()).startsWith("calllog timeline: --color must be auto, always or never, not 'yes'\n");
        err.reset();
        assertThat(run("calls", "--last", "0")).isEqualTo(2);
        assertThat(err()).startsWith("calllog calls: --last must be between 1 and 10000\n");
        err.reset();
        assertThat(run("calls", "--since", "yesterday")).isEqualTo(2);
        assertThat(err())
                .startsWith("calllog calls: --since must be a period such as 30m, 1h or 2d (units: s, m, h, d, w), "
                        + "not 'yesterday'\n");
    }

    @Test
    void anUnreachableClusterIsReportedWithExitCode1() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        assertThat(run("calls", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err()).startsWith("calllog calls: cannot read calls from OpenSearch: ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        err.reset();
        assertThat(run("timeline", "c", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err()).startsWith("calllog timeline: cannot read the call from OpenSearch: ");
    }
}
