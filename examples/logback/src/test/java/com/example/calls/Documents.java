package com.example.calls;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;

/**
 * The documents an example must yield, and their comparison with what OpenSearch holds: field by field, in order.
 * Expected documents are test resources (a JSON array) written without {@code event_id}, {@code @timestamp} and
 * {@code seq}, which differ per run and are checked on their own; {@code ${prefix}} stands for the run's call-id
 * prefix.
 */
final class Documents {
    private static final Set<String> PER_RUN = Set.of("@timestamp", "event_id", "seq");

    private Documents() {}

    /** The documents of the resource {@code name}, with {@code ${prefix}} replaced. */
    static List<JsonObject> expected(String name, String prefix) throws IOException {
        try (InputStream in = Documents.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                return reader.readArray().stream().map(JsonValue::asJsonObject).toList();
            }
        }
    }

    /**
     * Asserts that {@code actual} holds exactly the {@code expected} documents in the same order, every field equal
     * and in the same place, and that the per-run fields are well formed: a distinct {@code event_id} and
     * {@code seq}, a {@code @timestamp} within the run.
     */
    static void assertSame(List<JsonObject> actual, List<JsonObject> expected, Instant from, Instant to) {
        assertThat(describe(actual)).as("the documents' call ids and events, in logging order")
                .containsExactlyElementsOf(describe(expected));
        SoftAssertions softly = new SoftAssertions();
        Set<String> eventIds = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        for (int i = 0; i < actual.size(); i++) {
            JsonObject doc = actual.get(i);
            JsonObject want = expected.get(i);
            String which = "document " + (i + 1) + " (" + describe(want) + ")";

            List<String> perRun = doc.keySet().stream().filter(PER_RUN::contains).toList();
            softly.assertThat(perRun).as("%s: its first fields", which)
                    .containsExactly("@timestamp", "event_id", "seq");
            if (doc.get("event_id") instanceof JsonString id) {
                softly.assertThat(id.getString()).as("%s: event_id", which).isNotBlank();
                softly.assertThat(eventIds.add(id.getString())).as("%s: event_id %s is unique", which, id)
                        .isTrue();
            } else {
                softly.fail("%s: event_id is not a string: %s", which, doc.get("event_id"));
            }
            if (doc.get("seq") instanceof JsonNumber seq && seq.isIntegral()) {
                softly.assertThat(seqs.add(seq.longValue())).as("%s: seq %s is unique", which, seq)
                        .isTrue();
            } else {
                softly.fail("%s: seq is not a whole number: %s", which, doc.get("seq"));
            }
            if (doc.get("@timestamp") instanceof JsonString ts) {
                softly.assertThat(Instant.parse(ts.getString())).as("%s: @timestamp", which)
                        .isBetween(from, to);
            } else {
                softly.fail("%s: @timestamp is not a string: %s", which, doc.get("@timestamp"));
            }

            List<String> fields = new ArrayList<>(doc.keySet());
            fields.removeAll(PER_RUN);
            softly.assertThat(fields).as("%s: its fields, in order", which)
                    .containsExactlyElementsOf(want.keySet());
            for (String field : want.keySet()) {
                softly.assertThat(doc.get(field)).as("%s: %s", which, field).isEqualTo(want.get(field));
            }
        }
        softly.assertAll();
    }

    /** Writes {@code docs} to {@code target/documents-<prefix>.json}, to read when a comparison fails. */
    static void save(List<JsonObject> docs, String prefix) throws IOException {
        JsonArrayBuilder array = Json.createArrayBuilder();
        docs.forEach(array::add);
        StringWriter text = new StringWriter();
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(text)
                .write(array.build());
        Files.writeString(Path.of("target", "documents-" + prefix + ".json"), text.toString());
    }

    private static List<String> describe(List<JsonObject> docs) {
        return docs.stream().map(Documents::describe).toList();
    }

    private static String describe(JsonObject doc) {
        return doc.getString("call_id", "?") + " " + doc.getString("event", "?") + " " + doc.getString("level", "?");
    }
}
