package dev.calllog.core.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code maxDocumentBytes}: {@code data} is cut to fit when the event is logged; what is left is bounded exactly. */
class DocumentSizeTest {
    private static final int MAX = 64 * 1024;

    private final MappingFixture f = new MappingFixture(config());

    private static CallLogConfig config() {
        CallLogConfig c = new CallLogConfig();
        c.setMaxDocumentBytes(MAX);
        return c;
    }

    private static int bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aHugeStringInDataIsCutToTheBoundAndMarked() {
        String huge = "y".repeat(50 * 1024 * 1024);
        CallLogRecord r = f.map(MappingFixture.event("call_completed").kv("transcript", huge));

        String json = f.json(r);

        assertThat(json)
                .contains("\"transcript\":\"" + "y".repeat(CallLogMapper.MAX_VALUE_CHARS - 12) + "…[truncated]\"}");
        assertThat(f.mapper.truncatedData()).isEqualTo(1);
        assertThat(f.sink.messages()).anyMatch(m -> m.contains("was cut at a size, depth or cycle limit"));
    }

    @Test
    void aHugeKeyIsCut() {
        String json = f.json(MappingFixture.event("call_completed").kv("k".repeat(50_000), 1));
        assertThat(json).contains("\"" + "k".repeat(CallLogMapper.MAX_VALUE_CHARS - 12) + "…[truncated]\":1");
    }

    @Test
    void manyLargeEntriesStopAtTheBound() {
        TestSourceEvent.Builder e = MappingFixture.event("call_completed");
        for (int i = 0; i < 900; i++) {
            e.kv("k" + i, "v".repeat(1_000));
        }
        String json = f.json(e);
        assertThat(bytes(json)).isLessThanOrEqualTo(MAX);
        assertThat(json).contains("\"k0\":").doesNotContain("\"k899\":");
    }

    @Test
    void aHugeContainerEndsWithATruncationEntry() {
        Map<String, Object> big = new HashMap<>();
        for (int i = 0; i < 999; i++) {
            List<String> list = new ArrayList<>();
            for (int j = 0; j < 999; j++) {
                list.add("item-" + j);
            }
            big.put("key" + i, list);
        }
        String json = f.json(MappingFixture.event("call_completed").kv("big", big));
        assertThat(bytes(json)).isLessThanOrEqualTo(MAX);
        assertThat(json).contains("\"[truncated]\"");
    }

    @Test
    void aHugeErrorMessageIsCut() {
        String json =
                f.json(MappingFixture.event("call_failed").throwable(new IllegalStateException("e".repeat(5_000_000))));
        assertThat(bytes(json)).isLessThanOrEqualTo(MAX);
        assertThat(json).contains("\"type\":\"IllegalStateException\"").contains("…[truncated]\"");
    }

    @Test
    void writtenWithoutDataTheDocumentKeepsItsEventErrorMeasuresAndLabels() {
        // Measures and labels are bounded (numbers; at most 256 characters per configured label key): they stay, so
        // an oversized event still counts in the dashboards' aggregations.
        CallLogRecord r = f.map(MappingFixture.event("call_failed")
                .kv("tool", "crm")
                .kv("duration_s", 61)
                .throwable(new IllegalStateException("boom")));
        ByteBuf out = new ByteBuf(64);

        f.writer.writeBulkItemWithoutData(r, out);

        String[] lines = out.toString().split("\n");
        MappingFixture.assertValidJson(lines[1]);
        assertThat(lines[1])
                .endsWith(",\"data\":{\"[truncated]\":true,\"error\":{\"type\":\"IllegalStateException\","
                        + "\"message\":\"boom\"}},\"measures\":{\"duration_s\":61},\"labels\":{\"tool\":\"crm\"}}");
        assertThat(lines[1]).contains("\"event\":\"call_failed\"");
    }
}
