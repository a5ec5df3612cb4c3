package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallLogSearch.Outcome;
import dev.calllog.core.catalog.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallsViewTest {
    private static final List<CallSummary> CALLS = List.of(
            new CallSummary(
                    "call-1003",
                    "agent-support",
                    Instant.parse("2026-11-23T18:50:05.002Z"),
                    Instant.parse("2026-11-23T18:51:06.702Z"),
                    19,
                    Map.of(Level.INFO, 14L, Level.WARNING, 1L, Level.ERROR, 3L, Level.CRITICAL, 1L),
                    Outcome.FAILED),
            new CallSummary(
                    "call-12345678",
                    null,
                    Instant.parse("2026-11-23T18:50:00Z"),
                    Instant.parse("2026-11-23T18:50:00Z"),
                    3,
                    Map.of(Level.INFO, 3L),
                    Outcome.IN_PROGRESS));

    @Test
    void oneLinePerCallWithOutcomeAndProblemCounts() {
        assertThat(CallsView.render(CALLS, false)).isEqualTo("""
                        LAST EVENT (UTC)         CALL           OUTCOME      EVENTS  WARNING  ERROR  CRITICAL  AGENT
                        2026-11-23 18:51:06.702  call-1003      failed           19        1      3         1  agent-support
                        2026-11-23 18:50:00.000  call-12345678  in progress       3        0      0         0  -
                        """);
    }

    @Test
    void coloursFailuresAndNonZeroProblemCountsOnly() {
        String text = CallsView.render(CALLS, true);
        assertThat(text)
                .contains("\u001b[1;31mfailed\u001b[0m     ")
                .contains("       \u001b[33m1\u001b[0m      \u001b[1;31m3\u001b[0m         \u001b[1;37;41m1\u001b[0m")
                .contains("in progress       3        0      0         0  -");
        assertThat(text.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(CallsView.render(CALLS, false));
    }
}
