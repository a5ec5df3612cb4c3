package dev.calllog.testsupport.examples;

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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The documents an example must yield, and their comparison with what OpenSearch holds: field by field, in order.
 * Expected documents are test resources (a JSON array) written without {@code event_id}, {@code @timestamp} and
 * {@code seq}, which differ per run and are checked on their own; {@code ${prefix}} stands for the run's call-id
 * prefix.
 */
public final class Documents {
    private static final List<String> PER_RUN = List.of("@timestamp", "event_id", "seq");

    private Documents() {}

    /** The documents of the class-path resource {@code name} (of the caller's class loader), {@code ${prefix}} replaced. */
    public static List<JsonObject> expected(String name, String prefix) throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no test resource " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                return reader.readArray().stream().map(JsonValue::asJsonObject).toList();
            }
        }
    }

    /**
     * Asserts that {@code actual} holds exactly the {@code expected} documents in the same order, every field equal
     * and in the same place, and that the per-run fields are well formed: a distinct {@code event_id} and
     * {@code seq}, a {@code @timestamp} within {@code from} and {@code to}. Every difference is reported, not only the
     * first: documents are paired by call id and event, so a missing one does not hide the fields of the others.
     *
     * @throws AssertionError listing every difference
     */
    public static void assertSame(List<JsonObject> actual, List<JsonObject> expected, Instant from, Instant to) {
        List<String> failures = new ArrayList<>();
        List<String> actualKeys = keys(actual);
        List<String> expectedKeys = keys(expected);
        if (!actualKeys.equals(expectedKeys)) {
            failures.add("the documents (call id, event, occurrence), in logging order:\n  expected " + expectedKeys
                    + "\n  but were " + actualKeys);
        }
        Map<String, JsonObject> wanted = new LinkedHashMap<>();
        for (int i = 0; i < expected.size(); i++) {
            wanted.put(expectedKeys.get(i), expected.get(i));
        }
        Set<String> eventIds = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        for (int i = 0; i < actual.size(); i++) {
            JsonObject doc = actual.get(i);
            String which = "document " + actualKeys.get(i);
            checkPerRunFields(failures, which, doc, eventIds, seqs, from, to);
            JsonObject want = wanted.get(actualKeys.get(i));
            if (want == null) {
                continue; // reported above as not expected
            }
            List<String> fields = new ArrayList<>(doc.keySet());
            fields.removeAll(PER_RUN);
            List<String> wantedFields = new ArrayList<>(want.keySet());
            if (!fields.equals(wantedFields)) {
                failures.add(which + ": its fields, in order: expected " + wantedFields + " but were " + fields);
            }
            for (String field : wantedFields) {
                if (!Objects.equals(doc.get(field), want.get(field))) {
                    failures.add(which + ": " + field + ": expected " + want.get(field) + " but was " + doc.get(field));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " difference(s):\n" + String.join("\n", failures));
        }
    }

    private static void checkPerRunFields(
            List<String> failures,
            String which,
            JsonObject doc,
            Set<String> eventIds,
            Set<Long> seqs,
            Instant from,
            Instant to) {
        List<String> perRun = doc.keySet().stream().filter(PER_RUN::contains).toList();
        if (!perRun.equals(PER_RUN)) {
            failures.add(which + ": its per-run fields, in order: expected " + PER_RUN + " but were " + perRun);
        }
        if (doc.get("event_id") instanceof JsonString id && !id.getString().isBlank()) {
            if (!eventIds.add(id.getString())) {
                failures.add(which + ": event_id " + id + " is not unique");
            }
        } else {
            failures.add(which + ": event_id is not a non-blank string: " + doc.get("event_id"));
        }
        if (doc.get("seq") instanceof JsonNumber seq && seq.isIntegral()) {
            if (!seqs.add(seq.longValue())) {
                failures.add(which + ": seq " + seq + " is not unique");
            }
        } else {
            failures.add(which + ": seq is not a whole number: " + doc.get("seq"));
        }
        if (doc.get("@timestamp") instanceof JsonString ts) {
            try {
                Instant at = Instant.parse(ts.getString());
                if (at.isBefore(from) || at.isAfter(to)) {
                    failures.add(which + ": @timestamp " + at + " is not within the run, " + from + " to " + to);
                }
            } catch (DateTimeParseException e) {
                failures.add(which + ": @timestamp is not an instant: " + ts);
            }
        } else {
            failures.add(which + ": @timestamp is not a string: " + doc.get("@timestamp"));
        }
    }

    /** Writes {@code docs} to {@code target/documents-<prefix>.json}, to read when a comparison fails. */
    public static void save(List<JsonObject> docs, String prefix) throws IOException {
        JsonArrayBuilder array = Json.createArrayBuilder();
        docs.forEach(array::add);
        StringWriter text = new StringWriter();
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(text)
                .write(array.build());
        Path file = Path.of("target", "documents-" + prefix + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.toString());
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
