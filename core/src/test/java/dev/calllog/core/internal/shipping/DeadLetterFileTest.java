package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.json.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:00.123456Z");

    @TempDir
    Path dir;

    @Test
    void appendsOneEscapedLinePerDocument() throws Exception {
        Path file = dir.resolve("a/b/dead.ndjson");
        DeadLetterFile dl = new DeadLetterFile(file, 1_000_000, () -> NOW);
        byte[] doc = "xx{\"k\":\"v\"}\n".getBytes(StandardCharsets.UTF_8);

        assertThat(dl.append(400, "mapper_parsing_exception", "bad \"value\"\n\tin [k] \u0001 \ud800", doc, 2, 9))
                .isEqualTo(DeadLetterFile.Outcome.WRITTEN);
        assertThat(dl.append(413, "document_too_large", null, doc, 2, 9)).isEqualTo(DeadLetterFile.Outcome.WRITTEN);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines)
                .containsExactly(
                        "{\"@timestamp\":\"2026-01-05T10:00:00.123Z\",\"status\":400,\"error\":{\"type\":"
                                + "\"mapper_parsing_exception\",\"reason\":\"bad \\\"value\\\"\\n\\tin [k] \\u0001"
                                + " \\ud800\"},\"document\":{\"k\":\"v\"}}",
                        "{\"@timestamp\":\"2026-01-05T10:00:00.123Z\",\"status\":413,\"error\":{\"type\":"
                                + "\"document_too_large\",\"reason\":null},\"document\":{\"k\":\"v\"}}");
        for (String line : lines) {
            new JsonReader(line.getBytes(StandardCharsets.UTF_8)).skipValue(); // well-formed
        }
    }

    @Test
    void stopsAtItsSizeBound() throws Exception {
        Path file = dir.resolve("dead.ndjson");
        byte[] doc = "{}".getBytes(StandardCharsets.UTF_8);
        DeadLetterFile probe = new DeadLetterFile(dir.resolve("probe.ndjson"), Long.MAX_VALUE, () -> NOW);
        probe.append(400, "t", "r", doc, 0, 2);
        long lineBytes = Files.size(dir.resolve("probe.ndjson"));

        DeadLetterFile dl = new DeadLetterFile(file, 2 * lineBytes, () -> NOW);
        assertThat(dl.append(400, "t", "r", doc, 0, 2)).isEqualTo(DeadLetterFile.Outcome.WRITTEN);
        assertThat(dl.append(400, "t", "r", doc, 0, 2)).isEqualTo(DeadLetterFile.Outcome.WRITTEN);
        assertThat(dl.append(400, "t", "r", doc, 0, 2)).isEqualTo(DeadLetterFile.Outcome.FULL);
        assertThat(Files.size(file)).isEqualTo(2 * lineBytes);
    }

    @Test
    void reportsAFileThatCannotBeWritten() throws Exception {
        Files.writeString(dir.resolve("blocker"), "a file, not a folder");
        DeadLetterFile dl = new DeadLetterFile(dir.resolve("blocker/dead.ndjson"), 1_000, () -> NOW);

        assertThat(dl.append(400, "t", "r", new byte[] {'{', '}'}, 0, 2)).isEqualTo(DeadLetterFile.Outcome.FAILED);
        assertThat(dl.lastFailure()).isNotNull();
    }

    @Test
    void onlyCountsWithoutAFile() {
        assertThat(new DeadLetterFile((String) null, 1_000).append(400, "t", "r", new byte[] {'{', '}'}, 0, 2))
                .isEqualTo(DeadLetterFile.Outcome.COUNTED_ONLY);
    }
}
