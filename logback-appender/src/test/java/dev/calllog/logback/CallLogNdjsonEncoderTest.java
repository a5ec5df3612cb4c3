package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;

class CallLogNdjsonEncoderTest {
    private final LoggerContext context = new LoggerContext();

    private CallLogNdjsonEncoder encoder() {
        CallLogNdjsonEncoder encoder = new CallLogNdjsonEncoder();
        encoder.setContext(context);
        return encoder;
    }

    private LoggingEvent event(String marker, Map<String, String> mdc) {
        LoggingEvent e = new LoggingEvent(
                "voice.agent", context.getLogger("voice.agent"), Level.INFO, "Call completed", null, null);
        if (marker != null) {
            e.addMarker(MarkerFactory.getMarker(marker));
        }
        e.setMDCPropertyMap(mdc);
        return e;
    }

    @Test
    void aCallLogEventIsOneDocumentLineAndAnyOtherEventNothing() {
        CallLogNdjsonEncoder encoder = encoder();
        encoder.start();
        assertThat(encoder.isStarted()).isTrue();

        String line = new String(
                encoder.encode(event("call_completed", Map.of("call_id", "c-1", "span_id", "00f067aa0ba902b7"))),
                StandardCharsets.UTF_8);
        assertThat(line).startsWith("{\"@timestamp\":\"").endsWith("}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line)
                .contains(",\"call_id\":\"c-1\",\"span_id\":\"00f067aa0ba902b7\",\"level\":\"INFO\",\"severity\":9,"
                        + "\"category\":\"lifecycle\",\"event\":\"call_completed\",\"message\":\"Call completed\","
                        + "\"data\":{}}");

        assertThat(encoder.encode(event(null, Map.of("call_id", "c-1")))).isEmpty();
        assertThat(encoder.encode(event("audit", Map.of("call_id", "c-1")))).isEmpty();
        assertThat(encoder.encode(event("call_completed", Map.of())))
                .as("no call id")
                .isEmpty();
        assertThat(encoder.headerBytes()).isNull();
        assertThat(encoder.footerBytes()).isNull();
    }

    @Test
    void invalidSettingsAreReportedByNameAndNothingIsWritten() {
        CallLogNdjsonEncoder encoder = encoder();
        encoder.setRedactPresets("phone,fax");
        encoder.start();
        assertThat(encoder.isStarted()).isFalse();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(s -> s.getLevel() == Status.ERROR)
                .extracting(Status::getMessage)
                .anyMatch(m -> m.startsWith("Call-log encoder setting") && m.contains("redactPresets"));
        assertThat(encoder.encode(event("call_completed", Map.of("call_id", "c-1"))))
                .isEmpty();
    }
}
