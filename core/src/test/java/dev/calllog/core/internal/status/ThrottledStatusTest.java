package dev.calllog.core.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottledStatusTest {

    @Test
    void lostEventsGoToTheLossSinkFirstAtOnceThenThrottledPerKind() {
        List<String> problems = new ArrayList<>();
        List<String> losses = new ArrayList<>();
        ThrottledStatus status = new ThrottledStatus(sink(problems), sink(losses));

        status.lost("missing-call-id", "no call id");
        status.lost("missing-call-id", "no call id");
        status.lost("critical-without-event", "no event marker");
        status.warn("document_too_large", "too large");

        assertThat(losses).containsExactly("WARN no call id", "WARN no event marker");
        assertThat(problems).containsExactly("WARN too large");
    }

    @Test
    void aReportSaysHowManySinceTheLastOne() {
        List<String> losses = new ArrayList<>();
        ThrottledStatus status = new ThrottledStatus(sink(losses), 0);
        status.lost("k", "lost one");
        status.lost("k", "lost one");
        assertThat(losses).containsExactly("WARN lost one", "WARN lost one");
    }

    @Test
    void theConsoleCopyIsMadeOnlyWhenTheStatusChannelDoesNotPrint() {
        List<String> channel = new ArrayList<>();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true));
        try {
            new ConsoleLossSink(sink(channel), "CALLLOG").warn("events lost");
        } finally {
            System.setErr(original);
        }
        assertThat(channel).containsExactly("WARN events lost");
        assertThat(err.toString()).isEqualTo("[calllog] WARN appender 'CALLLOG': events lost" + System.lineSeparator());
    }

    static StatusSink sink(List<String> into) {
        return new StatusSink() {
            @Override
            public void info(String message) {
                into.add("INFO " + message);
            }

            @Override
            public void warn(String message, Throwable cause) {
                into.add("WARN " + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                into.add("ERROR " + message);
            }
        };
    }
}
