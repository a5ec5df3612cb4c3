package dev.calllog.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.status.ThrottledStatus;
import jakarta.json.Json;
import java.io.StringReader;

/** A configuration, a mapper and a writer over it, and helpers to compare whole documents. */
final class MappingFixture {
    final CallLogConfig config;
    final RecordingStatusSink sink = new RecordingStatusSink();
    final CallLogMapper mapper;
    final DocumentWriter writer;

    MappingFixture() {
        this(new CallLogConfig());
    }

    MappingFixture(CallLogConfig config) {
        assertThat(config.validate()).isEmpty();
        this.config = config;
        this.mapper = new CallLogMapper(config, config.catalog(), new ThrottledStatus(sink, 0));
        this.writer = new DocumentWriter(config);
    }

    /** A call-log event {@code code} with call id {@code c-1}, at {@link TestSourceEvent#DEFAULT_TIME}. */
    static TestSourceEvent.Builder event(String code) {
        return TestSourceEvent.builder().marker(code).mdc("call_id", "c-1");
    }

    CallLogRecord map(TestSourceEvent.Builder event) {
        return mapper.map(event.build());
    }

    /** The document of a shipped event; fails when the event is not shipped or the JSON is not valid. */
    String json(TestSourceEvent.Builder event) {
        CallLogRecord r = map(event);
        assertThat(r).as("record").isNotNull();
        return json(r);
    }

    String json(CallLogRecord r) {
        String json = writer.documentJson(r);
        assertValidJson(json);
        return json;
    }

    /** The fields before {@code call_id}, which depend on the record's sequence number. */
    static String head(CallLogRecord r) {
        return "{\"@timestamp\":\"2026-11-23T18:51:06.654321Z\",\"event_id\":\"" + r.eventId() + "\",\"seq\":"
                + r.seq();
    }

    /** The whole document of an INFO {@code call_completed} event of call {@code c-1} with {@code data}. */
    static String completed(CallLogRecord r, String data) {
        return head(r)
                + ",\"call_id\":\"c-1\",\"level\":\"INFO\",\"severity\":9,\"category\":\"lifecycle\","
                + "\"event\":\"call_completed\",\"data\":" + data + "}";
    }

    /** As {@link #completed(CallLogRecord, String)}, with {@code measures}. */
    static String completed(CallLogRecord r, String data, String measures) {
        String doc = completed(r, data);
        return doc.substring(0, doc.length() - 1) + ",\"measures\":" + measures + "}";
    }

    /** As {@link #completed(CallLogRecord, String, String)}, with {@code labels}; without measures when null. */
    static String completed(CallLogRecord r, String data, String measures, String labels) {
        String doc = measures == null ? completed(r, data) : completed(r, data, measures);
        return doc.substring(0, doc.length() - 1) + ",\"labels\":" + labels + "}";
    }

    static void assertValidJson(String json) {
        assertThat(Json.createReader(new StringReader(json)).readObject()).isNotNull();
    }
}
