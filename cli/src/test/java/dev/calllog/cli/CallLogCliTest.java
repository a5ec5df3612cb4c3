package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallLogCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final Command echo = new Command() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public String summary() {
            return "prints its arguments";
        }

        @Override
        public String usage() {
            return "usage: calllog echo [--times N] WORD...\n";
        }

        @Override
        public int run(List<String> args, PrintStream out, PrintStream err) {
            Options options = Options.parse(args, Set.of("times"), Set.of("loud"));
            for (int i = 0; i < options.getInt("times", 1); i++) {
                out.println(String.join(" ", options.positional()) + (options.has("loud") ? "!" : ""));
            }
            return 0;
        }
    };

    private int run(String... args) {
        return new CallLogCli(List.of(echo))
                .run(
                        List.of(args),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void runsTheNamedCommandWithItsOptions() {
        assertThat(run("echo", "--times=2", "a", "--loud", "b")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a b!\na b!\n");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("nope")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("calllog: unknown command 'nope'")
                .contains("echo       prints its arguments");
    }

    @Test
    void unknownOptionIsAUsageErrorWithTheCommandsUsage() {
        assertThat(run("echo", "--tims", "3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("calllog echo: unknown option --tims\nusage: calllog echo [--times N] WORD...\n");
    }

    @Test
    void badNumberIsAUsageError() {
        assertThat(run("echo", "--times", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("calllog echo: --times must be a whole number");
    }

    @Test
    void helpForOneCommand() {
        assertThat(run("help", "echo")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("usage: calllog echo [--times N] WORD...\n");
    }

    @Test
    void connectionOptionsFallBackToTheEnvironment() {
        Options options = Options.parse(List.of("--user", "ops"), Connection.OPTIONS, Set.of());
        var config = Connection.config(
                options, Map.of("OPENSEARCH_URL", "http://a:9200,http://b:9200", "OPENSEARCH_PASSWORD", "pw"));
        assertThat(config.urls()).containsExactly("http://a:9200", "http://b:9200");
        assertThat(config.username()).isEqualTo("ops");
        assertThat(config.password()).isEqualTo("pw");
        assertThat(config.dataStream()).isEqualTo("calllog-events");
    }

    @Test
    void invalidConnectionSettingsAreUsageErrors() {
        Options options = Options.parse(List.of("--url", "ftp://x"), Connection.OPTIONS, Set.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Connection.config(options, Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("ftp://x");
    }
}
