package dev.calllog.dashboards;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping the call-log index template gives {@code calllog-*} indices, read from the template resource files the
 * installer puts on the cluster: the index template's component templates, merged in order.
 */
final class TemplateMapping {
    private static final String ROOT = "dev/calllog/templates/";

    /** How a field is mapped. */
    record Field(String type, boolean aggregatable) {}

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Boolean> dynamicObjects = new HashMap<>();
    private final List<JsonObject> dynamicTemplates = new ArrayList<>();

    private TemplateMapping() {}

    /** The mapping of the index template named {@code indexTemplate} in the manifest. */
    static TemplateMapping of(String indexTemplate) {
        Map<String, String> components = new HashMap<>();
        String indexPath = null;
        for (String line : read(ROOT + "manifest.txt").split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 3 || parts[0].startsWith("#")) {
                continue;
            }
            if (parts[0].equals("component_template")) {
                components.put(parts[1], parts[2]);
            } else if (parts[0].equals("index_template") && parts[1].equals(indexTemplate)) {
                indexPath = parts[2];
            }
        }
        if (indexPath == null) {
            throw new IllegalStateException("no index template " + indexTemplate + " in the manifest");
        }
        TemplateMapping mapping = new TemplateMapping();
        JsonObject index = json(ROOT + indexPath);
        for (JsonValue name : index.getJsonArray("composed_of")) {
            String component = ((jakarta.json.JsonString) name).getString();
            mapping.add(json(ROOT + components.get(component)).getJsonObject("template"));
        }
        mapping.add(index.getJsonObject("template"));
        return mapping;
    }

    private void add(JsonObject template) {
        if (template == null || !template.containsKey("mappings")) {
            return;
        }
        JsonObject mappings = template.getJsonObject("mappings");
        if (mappings.containsKey("dynamic_templates")) {
            for (JsonValue t : mappings.getJsonArray("dynamic_templates")) {
                dynamicTemplates.add(t.asJsonObject().values().iterator().next().asJsonObject());
            }
        }
        if (mappings.containsKey("properties")) {
            addProperties("", mappings.getJsonObject("properties"));
        }
    }

    private void addProperties(String prefix, JsonObject properties) {
        for (Map.Entry<String, JsonValue> p : properties.entrySet()) {
            String path = prefix + p.getKey();
            JsonObject def = p.getValue().asJsonObject();
            if (def.containsKey("properties") || "object".equals(def.getString("type", null))) {
                dynamicObjects.put(
                        path,
                        def.containsKey("dynamic")
                                && def.get("dynamic").toString().contains("true"));
                if (def.containsKey("properties")) {
                    addProperties(path + ".", def.getJsonObject("properties"));
                }
                continue;
            }
            fields.put(path, field(def));
            if (def.containsKey("fields")) {
                for (Map.Entry<String, JsonValue> sub :
                        def.getJsonObject("fields").entrySet()) {
                    fields.put(path + "." + sub.getKey(), field(sub.getValue().asJsonObject()));
                }
            }
        }
    }

    private static Field field(JsonObject def) {
        String type = def.getString("type", "object");
        boolean docValues = !def.containsKey("doc_values") || def.getBoolean("doc_values");
        boolean aggregatable = docValues && !type.equals("text") && !type.equals("flat_object");
        return new Field(type, aggregatable);
    }

    /**
     * How {@code path} is mapped: explicitly, as a sub-field of a {@code flat_object} (searchable, never
     * aggregatable), or by a dynamic template under an object that maps new fields; null when it is not mapped.
     */
    Field resolve(String path) {
        Field explicit = fields.get(path);
        if (explicit != null) {
            return explicit;
        }
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            String parent = path.substring(0, dot);
            Field p = fields.get(parent);
            if (p != null && p.type().equals("flat_object")) {
                return new Field("flat_object", false);
            }
            if (Boolean.TRUE.equals(dynamicObjects.get(parent))) {
                for (JsonObject t : dynamicTemplates) {
                    String match = t.getString("path_match", null);
                    if (match != null && path.matches(match.replace(".", "\\.").replace("*", ".*"))) {
                        return field(t.getJsonObject("mapping"));
                    }
                }
            }
        }
        return null;
    }

    /** Whether {@code path} is mapped as an object, or holds explicitly mapped fields. */
    boolean hasObject(String path) {
        return dynamicObjects.containsKey(path);
    }

    private static JsonObject json(String resource) {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(read(resource)))) {
            return reader.readObject();
        }
    }

    private static String read(String resource) {
        try (InputStream in = TemplateMapping.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
