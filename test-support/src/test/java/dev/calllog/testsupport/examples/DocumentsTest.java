package dev.calllog.testsupport.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentsTest {
    private static final Instant FROM = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-01T10:01:00Z");

    @Test
    void readsTheExpectedDocumentsWithThePrefix() throws Exception {
        List<JsonObject> expected = Documents.expected("examples/expected.json", "run-7");

        assertThat(expected).hasSize(2);
        assertThat(expected.get(0).getString("call_id")).isEqualTo("run-7-1");
        assertThat(expected.get(1).getJsonObject("data").getInt("turns")).isEqualTo(2);
    }

    @Test
    void acceptsTheSameDocumentsWithWellFormedPerRunFields() throws Exception {
        List<JsonObject> expected = Documents.expected("examples/expected.json", "p");
        List<JsonObject> actual = List.of(stored(expected.get(0), "a", 1), stored(expected.get(1), "b", 2));

        assertThatCode(() -> Documents.assertSame(actual, expected, FROM, TO)).doesNotThrowAnyException();
    }

    @Test
    void reportsEveryDifferenceAtOnce() throws Exception {
        List<JsonObject> expected = Documents.expected("examples/expected.json", "p");
        JsonObject changed = Json.createObjectBuilder(expected.get(1))
                .add("data", Json.createObjectBuilder().add("turns", "2"))
                .build();
        List<JsonObject> actual = List.of(stored(expected.get(0), "a", 1), stored(changed, "a", 1));

        assertThatThrownBy(() -> Documents.assertSame(actual, expected, FROM, TO))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 difference(s)")
                .hasMessageContaining("p-1 call_completed #1: data: expected {\"turns\":2} but was {\"turns\":\"2\"}")
                .hasMessageContaining("event_id \"a\" is not unique")
                .hasMessageContaining("seq 1 is not unique");
    }

    @Test
    void reportsAMissingDocumentAndAFieldOutOfPlace() throws Exception {
        List<JsonObject> expected = Documents.expected("examples/expected.json", "p");
        JsonObject reordered = Json.createObjectBuilder()
                .add("@timestamp", "2026-01-01T10:00:30Z")
                .add("event_id", "a")
                .add("seq", 1)
                .add("event", "call_started")
                .add("call_id", "p-1")
                .add("data", JsonObject.EMPTY_JSON_OBJECT)
                .build();

        assertThatThrownBy(() -> Documents.assertSame(List.of(reordered), expected, FROM, TO))
                .hasMessageContaining("but were [p-1 call_started #1]")
                .hasMessageContaining("its fields, in order: expected [call_id, event, data]");
    }

    @Test
    void reportsATimestampOutsideTheRun() throws Exception {
        List<JsonObject> expected =
                Documents.expected("examples/expected.json", "p").subList(0, 1);
        JsonObject late = Json.createObjectBuilder(stored(expected.get(0), "a", 1))
                .add("@timestamp", "2026-01-01T11:00:00Z")
                .build();

        assertThatThrownBy(() -> Documents.assertSame(List.of(late), expected, FROM, TO))
                .hasMessageContaining("is not within the run");
    }

    /** {@code doc} as the appender stores it: the per-run fields first. */
    private static JsonObject stored(JsonObject doc, String eventId, long seq) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("@timestamp", "2026-01-01T10:00:30Z")
                .add("event_id", eventId)
                .add("seq", seq);
        doc.forEach(b::add);
        return b.build();
    }
}
