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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
     * {@code seq}, a {@code @timestamp} within the run. Every difference is reported, not only the first: documents
     * are paired by call id and event, so a missing one does not hide the fields of the others.
     */
    static void assertSame(List<JsonObject> actual, List<JsonObject> expected, Instant from, Instant to) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(keys(actual))
                .as("the documents (call id, event, occurrence), in logging order")
                .containsExactlyElementsOf(keys(expected));
        Map<String, JsonObject> wanted = new LinkedHashMap<>();
        List<String> expectedKeys = keys(expected);
        for (int i = 0; i < expected.size(); i++) {
            wanted.put(expectedKeys.get(i), expected.get(i));
        }
        List<String> actualKeys = keys(actual);
        Set<String> eventIds = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        for (int i = 0; i < actual.size(); i++) {
            JsonObject doc = actual.get(i);
            String which = "document " + actualKeys.get(i);
            assertPerRunFields(softly, which, doc, eventIds, seqs, from, to);
            JsonObject want = wanted.get(actualKeys.get(i));
            if (want == null) {
                continue; // reported above as not expected
            }
            List<String> fields = new ArrayList<>(doc.keySet());
            fields.removeAll(PER_RUN);
            softly.assertThat(fields).as("%s: its fields, in order", which).containsExactlyElementsOf(want.keySet());
            for (String field : want.keySet()) {
                softly.assertThat(doc.get(field)).as("%s: %s", which, field).isEqualTo(want.get(field));
            }
        }
        softly.assertAll();
    }

    private static void assertPerRunFields(
            SoftAssertions softly,
            String which,
            JsonObject doc,
            Set<String> eventIds,
            Set<Long> seqs,
            Instant from,
            Instant to) {
        List<String> perRun = doc.keySet().stream().filter(PER_RUN::contains).toList();
        softly.assertThat(perRun).as("%s: its first fields", which).containsExactly("@timestamp", "event_id", "seq");
        if (doc.get("event_id") instanceof JsonString id) {
            softly.assertThat(id.getString()).as("%s: event_id", which).isNotBlank();
            softly.assertThat(eventIds.add(id.getString()))
                    .as("%s: event_id %s is unique", which, id)
                    .isTrue();
        } else {
            softly.fail("%s: event_id is not a string: %s", which, doc.get("event_id"));
        }
        if (doc.get("seq") instanceof JsonNumber seq && seq.isIntegral()) {
            softly.assertThat(seqs.add(seq.longValue())).as("%s: seq %s is unique", which, seq).isTrue();
        } else {
            softly.fail("%s: seq is not a whole number: %s", which, doc.get("seq"));
        }
        if (doc.get("@timestamp") instanceof JsonString ts) {
            softly.assertThat(Instant.parse(ts.getString())).as("%s: @timestamp", which).isBetween(from, to);
        } else {
            softly.fail("%s: @timestamp is not a string: %s", which, doc.get("@timestamp"));
        }
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

    /** "call id, event, #n" of each document: n counts the earlier documents with the same call id and event. */
    private static List<String> keys(List<JsonObject> docs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (JsonObject doc : docs) {
            String key = doc.getString("call_id", "?") + " " + doc.getString("event", "?");
            keys.add(key + " #" + seen.merge(key, 1, Integer::sum));
        }
        return keys;
    }
}
