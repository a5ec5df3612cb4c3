package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;

class CallLogNdjsonLayoutTest {

    private static Log4jLogEvent event(String marker, String callId) {
        SortedArrayStringMap context = new SortedArrayStringMap();
        if (callId != null) {
            context.putValue("call_id", callId);
            context.putValue("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
            context.putValue("trace_flags", "01");
        }
        return Log4jLogEvent.newBuilder()
                .setLevel(Level.INFO)
                .setMarker(marker == null ? null : MarkerManager.getMarker(marker))
                .setMessage(new SimpleMessage("Call completed"))
                .setContextData(context)
                .build();
    }

    @Test
    void aCallLogEventIsOneDocumentLineAndAnyOtherEventNothing() {
        CallLogNdjsonLayout layout = CallLogNdjsonLayout.newBuilder().build();
        assertThat(layout.getContentType()).isEqualTo("application/x-ndjson");
        String line = new String(layout.toByteArray(event("call_completed", "c-1")), StandardCharsets.UTF_8);
        assertThat(line)
                .startsWith("{\"@timestamp\":\"")
                .endsWith(
                        ",\"call_id\":\"c-1\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"trace_flags\":\"01\","
                                + "\"level\":\"INFO\",\"severity\":9,\"category\":\"lifecycle\",\"event\":\"call_completed\","
                                + "\"message\":\"Call completed\",\"data\":{}}\n");
        assertThat(layout.toByteArray(event(null, "c-1"))).isEmpty();
        assertThat(layout.toByteArray(event("audit", "c-1"))).isEmpty();
        assertThat(layout.toByteArray(event("call_completed", null)))
                .as("no call id")
                .isEmpty();
    }

    @Test
    void invalidSettingsWriteNothing() {
        CallLogNdjsonLayout layout =
                CallLogNdjsonLayout.newBuilder().setRedactPresets("phone,fax").build();
        assertThat(layout.documents()).isNull();
        assertThat(layout.toByteArray(event("call_completed", "c-1"))).isEmpty();
    }
}
