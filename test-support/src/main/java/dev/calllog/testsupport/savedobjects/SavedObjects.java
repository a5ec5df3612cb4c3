package dev.calllog.testsupport.savedobjects;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saved objects of OpenSearch Dashboards and Kibana as an NDJSON export holds them (one object per line), with the
 * embedded JSON strings ({@code visState}, {@code searchSourceJSON}, {@code panelsJSON}...) parsed, and the fields each
 * object uses.
 */
public final class SavedObjects {
    /** The reference name through which a search or visualization names its index pattern. */
    public static final String INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";

    // A field before ':' in a Lucene query string (not inside a quoted value); _exists_:f uses f.
    private static final Pattern QUERY_FIELD =
            Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|(?<![\\w.@])([A-Za-z_@][\\w.@]*)\\s*:\\s*([A-Za-z_@][\\w.@]*)?");

    private final List<JsonObject> objects;
    private final Map<String, JsonObject> byKey = new LinkedHashMap<>();

    private SavedObjects(List<JsonObject> objects) {
        this.objects = List.copyOf(objects);
        for (JsonObject o : objects) {
            byKey.put(o.getString("type") + ":" + o.getString("id"), o);
        }
    }

    /**
     * Reads an NDJSON export; every non-blank line must be one JSON object.
     *
     * @throws jakarta.json.JsonException when a line is not a JSON object, naming the line
     */
    public static SavedObjects read(InputStream ndjson) {
        List<JsonObject> objects = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(ndjson, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = lines.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    objects.add(parse(line));
                } catch (RuntimeException e) {
                    throw new jakarta.json.JsonException("line " + n + " is not a JSON object: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SavedObjects(objects);
    }

    /** Reads an NDJSON export from the class path. */
    public static SavedObjects fromClasspath(String resource) {
        InputStream in = SavedObjects.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing resource " + resource);
        }
        return read(in);
    }

    /** Every object, in file order. */
    public List<JsonObject> all() {
        return objects;
    }

    /** The objects of one type, in file order. */
    public List<JsonObject> ofType(String type) {
        return objects.stream().filter(o -> o.getString("type").equals(type)).toList();
    }

    /** Whether an object of that type and id exists. */
    public boolean has(String type, String id) {
        return byKey.containsKey(type + ":" + id);
    }

    /** The object of that type and id. */
    public JsonObject get(String type, String id) {
        JsonObject o = byKey.get(type + ":" + id);
        if (o == null) {
            throw new NoSuchElementException("no " + type + " '" + id + "'");
        }
        return o;
    }

    /** A JSON object held as a string attribute ({@code visState}, {@code panelsJSON}...), parsed. */
    public static JsonValue embedded(JsonObject object, String attribute) {
        JsonObject attributes = object.getJsonObject("attributes");
        String json = attribute.equals("searchSourceJSON")
                ? attributes.getJsonObject("kibanaSavedObjectMeta").getString("searchSourceJSON")
                : attributes.getString(attribute);
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** The parsed {@code visState} of a visualization. */
    public static JsonObject visState(JsonObject visualization) {
        return embedded(visualization, "visState").asJsonObject();
    }

    /** The parsed {@code searchSourceJSON} of a search, visualization or dashboard. */
    public static JsonObject searchSource(JsonObject object) {
        return embedded(object, "searchSourceJSON").asJsonObject();
    }

    /** The id of the object a reference name points to, or null. */
    public static String reference(JsonObject object, String name) {
        for (JsonValue r : object.getJsonArray("references")) {
            if (r.asJsonObject().getString("name").equals(name)) {
                return r.asJsonObject().getString("id");
            }
        }
        return null;
    }

    /** The saved search a visualization is built on, or null when it reads the index pattern directly. */
    public JsonObject savedSearchOf(JsonObject visualization) {
        JsonObject attributes = visualization.getJsonObject("attributes");
        if (!attributes.containsKey("savedSearchRefName")) {
            return null;
        }
        return get("search", reference(visualization, attributes.getString("savedSearchRefName")));
    }

    /**
     * Every use of a field by every object: aggregations, queries, columns, sorts, the time field and field formats.
     */
    public List<FieldUse> fieldUses() {
        List<FieldUse> uses = new ArrayList<>();
        for (JsonObject o : objects) {
            String where = o.getString("type") + " " + o.getString("id");
            JsonObject attributes = o.getJsonObject("attributes");
            switch (o.getString("type")) {
                case "index-pattern" -> {
                    if (attributes.containsKey("timeFieldName")) {
                        uses.add(new FieldUse(attributes.getString("timeFieldName"), FieldUse.Use.DATE, where));
                    }
                    if (attributes.containsKey("fieldFormatMap")) {
                        for (String field :
                                embedded(o, "fieldFormatMap").asJsonObject().keySet()) {
                            uses.add(new FieldUse(field, FieldUse.Use.DISPLAY, where));
                        }
                    }
                }
                case "search" -> {
                    queryFields(query(searchSource(o)), where, uses);
                    for (JsonValue c : attributes.getJsonArray("columns")) {
                        uses.add(new FieldUse(((JsonString) c).getString(), FieldUse.Use.DISPLAY, where));
                    }
                    for (JsonValue s : attributes.getJsonArray("sort")) {
                        uses.add(new FieldUse(s.asJsonArray().getString(0), FieldUse.Use.SORT, where));
                    }
                }
                case "visualization" -> {
                    queryFields(query(searchSource(o)), where, uses);
                    for (JsonValue a : visState(o).getJsonArray("aggs")) {
                        JsonObject agg = a.asJsonObject();
                        JsonObject params = agg.getJsonObject("params");
                        String type = agg.getString("type");
                        FieldUse.Use use = FieldUse.Use.forAggregation(type);
                        if (use != null) {
                            uses.add(new FieldUse(
                                    params.getString("field"), use, where + " agg " + agg.getString("id")));
                        }
                        if (type.equals("filters")) {
                            for (JsonValue f : params.getJsonArray("filters")) {
                                queryFields(f.asJsonObject().getJsonObject("input"), where, uses);
                            }
                        }
                    }
                }
                default -> {
                    // Dashboards use fields only through their panels, and their own query, which is checked below.
                    if (attributes.containsKey("kibanaSavedObjectMeta")) {
                        queryFields(query(searchSource(o)), where, uses);
                    }
                }
            }
        }
        return Collections.unmodifiableList(uses);
    }

    private static JsonObject query(JsonObject searchSource) {
        return searchSource.getJsonObject("query");
    }

    /** Adds the fields a Lucene query string names. */
    static void queryFields(JsonObject query, String where, List<FieldUse> uses) {
        if (query == null) {
            return;
        }
        Matcher m = QUERY_FIELD.matcher(query.getString("query", ""));
        while (m.find()) {
            if (m.group(1) == null) {
                continue; // a quoted value
            }
            String field = m.group(1).equals("_exists_") ? m.group(2) : m.group(1);
            if (field != null) {
                uses.add(new FieldUse(field, FieldUse.Use.SEARCH, where + " query"));
            }
        }
    }

    /** The array at a key, or an empty one. */
    static JsonArray array(JsonObject o, String key) {
        JsonArray a = o.getJsonArray(key);
        return a == null ? JsonValue.EMPTY_JSON_ARRAY : a;
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
