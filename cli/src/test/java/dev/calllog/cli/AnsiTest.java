package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsiTest {

    @Test
    void autoColoursOnlyATerminalWithoutNoColor() {
        assertThat(Ansi.enabled(null, Map.of(), true)).isTrue();
        assertThat(Ansi.enabled("auto", Map.of("TERM", "xterm-256color"), true)).isTrue();
        assertThat(Ansi.enabled("auto", Map.of(), false)).isFalse();
        assertThat(Ansi.enabled("auto", Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Ansi.enabled("auto", Map.of("TERM", "dumb"), true)).isFalse();
        // https://no-color.org: an empty NO_COLOR does not count.
        assertThat(Ansi.enabled("auto", Map.of("NO_COLOR", ""), true)).isTrue();
    }

    @Test
    void alwaysAndNeverWin() {
        assertThat(Ansi.enabled("always", Map.of("NO_COLOR", "1"), false)).isTrue();
        assertThat(Ansi.enabled("never", Map.of(), true)).isFalse();
        assertThatThrownBy(() -> Ansi.enabled("sometimes", Map.of(), true))
                .isInstanceOf(UsageException.class)
                .hasMessage("--color must be auto, always or never, not 'sometimes'");
    }
}
