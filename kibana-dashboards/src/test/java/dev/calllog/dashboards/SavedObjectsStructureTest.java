package dev.calllog.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.testsupport.savedobjects.FieldUse;
import dev.calllog.testsupport.savedobjects.SavedObjects;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The NDJSON file is well formed and self-consistent, as an import into Dashboards or Kibana needs it. */
class SavedObjectsStructureTest {
    static final String RESOURCE = "dev/calllog/dashboards/calllog-dashboards.ndjson";
    static final String VERSION_RESOURCE = "dev/calllog/dashboards/calllog-dashboards.version";

    /** The newest values OpenSearch Dashboards accepts; Kibana 7.10+ migrates them further on import. */
    static final Map<String, String> MIGRATION_VERSIONS =
            Map.of("index-pattern", "7.6.0", "search", "7.9.3", "visualization", "7.10.0", "dashboard", "7.9.3");

    /** Classic visualizations that OpenSearch Dashboards 2.x/3.x and Kibana 7.10+ both render. */
    static final Set<String> VISUALIZATION_TYPES =
            Set.of("line", "histogram", "horizontal_bar", "area", "pie", "table", "metric");

    private final SavedObjects objects = SavedObjects.fromClasspath(RESOURCE);

    @Test
    void everyLineIsOneSavedObjectWithTheMigrationVersionOfItsType() throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).endsWith("\n").doesNotContain("\r").doesNotContain("\n\n");
        assertThat(objects.all()).hasSize(text.split("\n").length);
        for (JsonObject o : objects.all()) {
            String type = o.getString("type");
            assertThat(MIGRATION_VERSIONS).as("type of %s", o.getString("id")).containsKey(type);
            assertThat(o.keySet())
                    .containsExactlyInAnyOrder("id", "type", "attributes", "references", "migrationVersion");
            assertThat(o.getJsonObject("migrationVersion").toString())
                    .as("migrationVersion of %s", o.getString("id"))
                    .isEqualTo("{\"" + type + "\":\"" + MIGRATION_VERSIONS.get(type) + "\"}");
            assertThat(o.getJsonObject("attributes").getString("title")).isNotBlank();
        }
    }

    @Test
    void idsAreUniqueAndEveryReferenceResolves() {
        Set<String> ids = new HashSet<>();
        for (JsonObject o : objects.all()) {
            assertThat(ids.add(o.getString("id")))
                    .as("unique id %s", o.getString("id"))
                    .isTrue();
            assertThat(o.getString("id")).matches("calllog-[a-z-]+");
        }
        for (JsonObject o : objects.all()) {
            Set<String> names = new HashSet<>();
            for (JsonValue r : o.getJsonArray("references")) {
                JsonObject ref = r.asJsonObject();
                assertThat(objects.has(ref.getString("type"), ref.getString("id")))
                        .as("%s references %s %s", o.getString("id"), ref.getString("type"), ref.getString("id"))
                        .isTrue();
                assertThat(names.add(ref.getString("name")))
                        .as("unique reference name")
                        .isTrue();
            }
            // Every reference an object makes by name is one of its references, and every reference is used.
            Set<String> used = new HashSet<>(referenceNamesUsed(o));
            assertThat(used).as("reference names used by %s", o.getString("id")).isEqualTo(names);
        }
    }

    private static List<String> referenceNamesUsed(JsonObject o) {
        List<String> used = new ArrayList<>();
        JsonObject attributes = o.getJsonObject("attributes");
        if (attributes.containsKey("kibanaSavedObjectMeta")) {
            JsonObject source = SavedObjects.searchSource(o);
            if (source.containsKey("indexRefName")) {
                used.add(source.getString("indexRefName"));
            }
        }
        if (attributes.containsKey("savedSearchRefName")) {
            used.add(attributes.getString("savedSearchRefName"));
        }
        if (attributes.containsKey("panelsJSON")) {
            for (JsonValue p : SavedObjects.embedded(o, "panelsJSON").asJsonArray()) {
                used.add(p.asJsonObject().getString("panelRefName"));
            }
        }
        return used;
    }

    @Test
    void everyEmbeddedJsonStringParses() {
        for (JsonObject o : objects.all()) {
            JsonObject attributes = o.getJsonObject("attributes");
            String id = o.getString("id");
            switch (o.getString("type")) {
                case "index-pattern" -> {
                    assertThat(SavedObjects.embedded(o, "fields").asJsonArray()).isEmpty();
                    assertThat(SavedObjects.embedded(o, "fieldFormatMap").asJsonObject())
                            .isNotEmpty();
                }
                case "search" -> {
                    assertThat(SavedObjects.searchSource(o)
                                    .getJsonObject("query")
                                    .getString("language"))
                            .isEqualTo("lucene");
                    assertThat(attributes.getJsonArray("columns")).isNotEmpty();
                }
                case "visualization" -> {
                    JsonObject vis = SavedObjects.visState(o);
                    assertThat(vis.getString("title")).as(id).isEqualTo(attributes.getString("title"));
                    assertThat(VISUALIZATION_TYPES).as(id).contains(vis.getString("type"));
                    assertThat(vis.getJsonArray("aggs")).as(id).isNotEmpty();
                    assertThat(vis.getJsonObject("params")).as(id).isNotNull();
                    assertThat(SavedObjects.embedded(o, "uiStateJSON").asJsonObject())
                            .isNotNull();
                    assertThat(SavedObjects.searchSource(o)
                                    .getJsonObject("query")
                                    .getString("language"))
                            .isEqualTo("lucene");
                    assertThat(SavedObjects.searchSource(o).getJsonArray("filter"))
                            .isEmpty();
                }
                case "dashboard" -> {
                    assertThat(SavedObjects.embedded(o, "panelsJSON").asJsonArray())
                            .isNotEmpty();
                    assertThat(SavedObjects.embedded(o, "optionsJSON").asJsonObject())
                            .isNotNull();
                    assertThat(SavedObjects.searchSource(o)
                                    .getJsonObject("query")
                                    .getString("query"))
                            .isEmpty();
                }
                default -> throw new AssertionError(o.getString("type"));
            }
        }
    }

    @Test
    void everyAggregationIsOfATypeTheChecksUnderstand() {
        // fieldUses() refuses unknown aggregation types; every field-less aggregation is count or filters.
        assertThat(objects.fieldUses()).isNotEmpty();
    }

    @Test
    void dashboardPanelsDoNotOverlapAndEveryObjectIsOnADashboard() {
        Set<String> onDashboards = new HashSet<>();
        for (JsonObject dashboard : objects.ofType("dashboard")) {
            List<int[]> cells = new ArrayList<>();
            for (JsonValue p : SavedObjects.embedded(dashboard, "panelsJSON").asJsonArray()) {
                JsonObject grid = p.asJsonObject().getJsonObject("gridData");
                int x = grid.getInt("x");
                int y = grid.getInt("y");
                int w = grid.getInt("w");
                int h = grid.getInt("h");
                assertThat(x + w).as("panel inside the 48-column grid").isLessThanOrEqualTo(48);
                for (int[] c : cells) {
                    boolean overlap = x < c[0] + c[2] && c[0] < x + w && y < c[1] + c[3] && c[1] < y + h;
                    assertThat(overlap)
                            .as("panels of %s overlap", dashboard.getString("id"))
                            .isFalse();
                }
                cells.add(new int[] {x, y, w, h});
                onDashboards.add(
                        SavedObjects.reference(dashboard, p.asJsonObject().getString("panelRefName")));
            }
        }
        for (JsonObject o : objects.all()) {
            if (Set.of("search", "visualization").contains(o.getString("type"))) {
                assertThat(onDashboards)
                        .as("%s is on a dashboard", o.getString("id"))
                        .contains(o.getString("id"));
            }
        }
    }

    @Test
    void theIndexPatternCoversTheDataStreamsAndLinksCallIdsToTheCallDetail() {
        JsonObject pattern =
                objects.get("index-pattern", "calllog-index-pattern").getJsonObject("attributes");
        assertThat(pattern.getString("title")).isEqualTo("calllog-*");
        assertThat(pattern.getString("timeFieldName")).isEqualTo("@timestamp");

        JsonObject format = SavedObjects.embedded(
                        objects.get("index-pattern", "calllog-index-pattern"), "fieldFormatMap")
                .asJsonObject()
                .getJsonObject("call_id");
        assertThat(format.getString("id")).isEqualTo("url");
        String template = format.getJsonObject("params").getString("urlTemplate");
        // Dashboards puts the URI-encoded value where {{value}} is; a relative URL resolves under <base path>/app/.
        String url = template.replace("{{value}}", "call-ab12cd-1003");
        Matcher m = Pattern.compile("dashboards#/view/([a-z-]+)\\?_g=\\(time:\\(from:now-30d,to:now\\)\\)&_a=(.*)")
                .matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        assertThat(objects.has("dashboard", m.group(1))).isTrue();
        assertThat(objects.get("dashboard", m.group(1))
                        .getJsonObject("attributes")
                        .getString("title"))
                .isEqualTo("[Call log] Call detail");
        // Characters a browser would escape in the fragment are already encoded; decoded, the app state (rison)
        // carries the Lucene query call_id:"<value>".
        assertThat(m.group(2)).doesNotContain("\"", " ", "<", ">", "`");
        assertThat(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8))
                .isEqualTo("(query:(language:lucene,query:'call_id:\"call-ab12cd-1003\"'))");
        assertThat(format.getJsonObject("params").getString("labelTemplate")).isEqualTo("{{value}}");
    }

    @Test
    void theIssueObjectsExist() {
        assertThat(objects.get("dashboard", "calllog-call-detail")
                        .getJsonObject("attributes")
                        .getString("title"))
                .isEqualTo("[Call log] Call detail");
        assertThat(objects.get("dashboard", "calllog-calls-overview")
                        .getJsonObject("attributes")
                        .getString("title"))
                .isEqualTo("[Call log] Calls overview");
        JsonObject errors = objects.get("search", "calllog-errors");
        assertThat(SavedObjects.searchSource(errors).getJsonObject("query").getString("query"))
                .isEqualTo("level:(WARNING OR ERROR OR CRITICAL)");
        assertThat(errors.getJsonObject("attributes").getJsonArray("columns").getString(0))
                .isEqualTo("call_id");
        JsonObject timeline = objects.get("search", "calllog-call-timeline").getJsonObject("attributes");
        assertThat(timeline.getJsonArray("sort").toString()).isEqualTo("[[\"@timestamp\",\"asc\"],[\"seq\",\"asc\"]]");
        assertThat(timeline.getJsonArray("columns").toString())
                .isEqualTo("[\"level\",\"category\",\"event\",\"message\",\"data\",\"trace_id\",\"span_id\"]");
    }

    @Test
    void theVersionMarkerIsAPositiveNumberTheDashboardsCarry() throws IOException {
        String version;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(VERSION_RESOURCE)) {
            version = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertThat(version).matches("[1-9][0-9]*");
        for (JsonObject dashboard : objects.ofType("dashboard")) {
            assertThat(dashboard.getJsonObject("attributes").getString("description"))
                    .endsWith("(calllog dashboards " + version + ")");
        }
    }

    @Test
    void aBrokenLineIsReportedWithItsNumber() {
        byte[] ndjson = "{\"id\":\"a\",\"type\":\"search\"}\n{not json\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SavedObjects.read(new ByteArrayInputStream(ndjson)))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith("line 2 is not a JSON object");
    }

    @Test
    void unknownAggregationTypesAreRefusedNotSkipped() {
        assertThatThrownBy(() -> FieldUse.Use.forAggregation("geohash_grid"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
