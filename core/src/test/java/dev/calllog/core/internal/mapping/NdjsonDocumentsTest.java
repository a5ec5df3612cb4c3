package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.MappingFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonDocumentsTest {
    private final RecordingStatusSink sink = new RecordingStatusSink();

    private NdjsonDocuments documents(CallLogConfig config) {
        NdjsonDocuments d = NdjsonDocuments.start(config, sink, "Call-log encoder");
        assertThat(d).isNotNull();
        return d;
    }

    @Test
    void aLineIsTheDocumentOfTheBulkItemTheAppenderSends() {
        CallLogConfig config = new CallLogConfig();
        NdjsonDocuments d = documents(config);
        SourceEvent e = event(EventCodes.INTEGRATION_TOOL_FAILED)
                .level(SourceLevel.ERROR)
                .message("CRM lookup failed at 10.0.0.7")
                .kv("tool", "crm_lookup")
                .kv("duration_ms", 5003)
                .build();
        CallLogRecord r = d.mapper().map(e);
        String line = new String(d.line(r), StandardCharsets.UTF_8);

        ByteBuf bulk = new ByteBuf(256);
        new DocumentWriter(config).writeBulkItem(r, bulk);
        String item = bulk.toString();
        assertThat(item).startsWith("{\"create\":{\"_id\":\"" + r.eventId() + "\"}}\n");
        assertThat(line).isEqualTo(item.substring(item.indexOf('\n') + 1));
        assertThat(line)
                .endsWith(
                        "\"message\":\"CRM lookup failed at [ip]\",\"data\":{\"tool\":\"crm_lookup\","
                                + "\"duration_ms\":5003},\"measures\":{\"duration_ms\":5003},\"labels\":{\"tool\":\"crm_lookup\"}}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void eventsWithoutADocumentWriteNothing() {
        NdjsonDocuments d = documents(new CallLogConfig());
        assertThat(d.encode(TestSourceEvent.builder().mdc("call_id", "c-1").build(), SourceEvent.READER))
                .isEmpty();
        assertThat(d.encode(
                        TestSourceEvent.builder()
                                .marker(EventCodes.CALL_COMPLETED)
                                .build(),
                        SourceEvent.READER))
                .as("no call id")
                .isEmpty();
        assertThat(d.mapper().missingCallId()).isEqualTo(1);
        assertThat(d.encode(
                        event(EventCodes.CALL_COMPLETED)
                                .level(SourceLevel.DEBUG)
                                .build(),
                        SourceEvent.READER))
                .as("below minLevel")
                .isEmpty();
    }

    @Test
    void aDocumentTooLargeIsWrittenWithoutItsDataAsTheAppenderShipsIt() {
        CallLogConfig config = new CallLogConfig();
        config.setMaxDocumentBytes(16 * 1024);
        NdjsonDocuments d = documents(config);
        // Escapes make the written document larger than the characters counted when it was logged.
        String text = "\u0001".repeat(6000);
        byte[] line = d.encode(event(EventCodes.CALL_COMPLETED).kv("a", text).build(), SourceEvent.READER);
        assertThat(new String(line, StandardCharsets.UTF_8)).contains(",\"data\":{\"[truncated]\":true}}");
        assertThat(d.oversizedDocuments()).isEqualTo(1);
        assertThat(sink.messages()).anyMatch(m -> m.contains("written without its data"));
    }

    @Test
    void invalidSettingsAreReportedByName() {
        CallLogConfig config = new CallLogConfig();
        config.setRedactPresets("phone,fax");
        assertThat(NdjsonDocuments.start(config, sink, "Call-log encoder")).isNull();
        assertThat(sink.messages())
                .anyMatch(m -> m.contains("Call-log encoder setting") && m.contains("redactPresets"));
    }
}
