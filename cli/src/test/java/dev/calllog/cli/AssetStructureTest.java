package dev.calllog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.setup.AssetManifest;
import dev.calllog.core.internal.setup.AssetManifest.Asset;
import dev.calllog.core.internal.setup.AssetParameters;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plugin assets checked against the structure their REST APIs document (the test node has none of these plugins):
 * the Index State Management policy API, the Alerting monitor API (query-level and bucket-level monitors) and the
 * Security plugin's role API. Each file is checked as the setup command sends it, with its parameters filled in.
 */
class AssetStructureTest {
    private static final Pattern TIME = Pattern.compile("[1-9][0-9]*(d|h|m|s|ms)");
    private static final Pattern SIZE = Pattern.compile("[1-9][0-9]*(b|kb|mb|gb|tb|pb)");
    /** The only condition shape the query-level triggers use: the exact hit count against a threshold. */
    private static final Pattern QUERY_LEVEL_CONDITION =
            Pattern.compile("ctx\\.results\\[0]\\.hits\\.total\\.value > ([0-9]+)");

    private final AssetManifest manifest;

    AssetStructureTest() throws IOException {
        manifest = AssetManifest.load();
    }

    private JsonObject body(Asset asset, AssetParameters parameters) throws IOException {
        return FakeCluster.parse(manifest.body(asset, parameters.placeholderValues()));
    }

    private Asset only(String kind) {
        List<Asset> assets = manifest.assets(kind);
        assertThat(assets).hasSize(1);
        return assets.get(0);
    }

    // ---- ISM policy: PUT _plugins/_ism/policies/<policy_id> {"policy": {...}} ----

    @Test
    void ismPolicyHasTheDocumentedStructure() throws IOException {
        JsonObject file = body(only(AssetManifest.ISM_POLICY), AssetParameters.defaults());
        assertThat(file.keySet()).containsExactly("policy");
        JsonObject policy = file.getJsonObject("policy");
        assertThat(Set.of("description", "default_state", "states", "ism_template", "error_notification"))
                .containsAll(policy.keySet());
        assertThat(policy.getString("description")).isNotBlank();

        List<String> stateNames = new ArrayList<>();
        for (JsonValue s : policy.getJsonArray("states")) {
            JsonObject state = s.asJsonObject();
            assertThat(state.keySet()).containsExactlyInAnyOrder("name", "actions", "transitions");
            stateNames.add(state.getString("name"));
        }
        assertThat(stateNames).doesNotHaveDuplicates().contains(policy.getString("default_state"));

        for (JsonValue s : policy.getJsonArray("states")) {
            for (JsonValue a : s.asJsonObject().getJsonArray("actions")) {
                Set<String> keys = new HashSet<>(a.asJsonObject().keySet());
                keys.removeAll(Set.of("timeout", "retry"));
                assertThat(keys).as("one operation per action").hasSize(1);
                String op = keys.iterator().next();
                JsonObject args = a.asJsonObject().getJsonObject(op);
                switch (op) {
                    case "rollover" -> {
                        assertThat(Set.of("min_size", "min_primary_shard_size", "min_doc_count", "min_index_age"))
                                .containsAll(args.keySet());
                        assertThat(args.getString("min_index_age")).matches(TIME);
                        assertThat(args.getString("min_primary_shard_size")).matches(SIZE);
                    }
                    case "delete" -> assertThat(args).isEmpty();
                    default -> throw new AssertionError("unexpected ISM operation " + op);
                }
            }
            for (JsonValue t : s.asJsonObject().getJsonArray("transitions")) {
                JsonObject transition = t.asJsonObject();
                assertThat(stateNames).contains(transition.getString("state_name"));
                JsonObject conditions = transition.getJsonObject("conditions");
                assertThat(Set.of("min_index_age", "min_rollover_age", "min_doc_count", "min_size", "cron"))
                        .containsAll(conditions.keySet());
                for (String key : List.of("min_index_age", "min_rollover_age")) {
                    if (conditions.containsKey(key)) {
                        assertThat(conditions.getString(key)).matches(TIME);
                    }
                }
            }
        }

        // Attached to the data streams the index template creates: ism_template matches data stream names.
        JsonArray templates = policy.getJsonArray("ism_template");
        assertThat(templates).hasSize(1);
        JsonObject template = templates.getJsonObject(0);
        assertThat(template.keySet()).containsExactlyInAnyOrder("index_patterns", "priority");
        assertThat(template.get("priority").getValueType()).isEqualTo(ValueType.NUMBER);
        assertThat(template.getJsonArray("index_patterns")).isEqualTo(indexTemplatePatterns());
    }

    @Test
    void ismPolicyRollsOverAndDeletesAsTheParametersSay() throws IOException {
        JsonObject policy = body(
                        only(AssetManifest.ISM_POLICY),
                        AssetParameters.defaults()
                                .retentionDays(45)
                                .rolloverAge("12h")
                                .rolloverSize("10GB"))
                .getJsonObject("policy");
        JsonObject hot = policy.getJsonArray("states").getJsonObject(0);
        assertThat(policy.getString("default_state")).isEqualTo("hot");
        assertThat(hot.getJsonArray("actions").toString())
                .isEqualTo("[{\"rollover\":{\"min_index_age\":\"12h\",\"min_primary_shard_size\":\"10gb\"}}]");
        assertThat(hot.getJsonArray("transitions").toString())
                .isEqualTo("[{\"state_name\":\"delete\",\"conditions\":{\"min_rollover_age\":\"45d\"}}]");
        assertThat(policy.getJsonArray("states").getJsonObject(1).toString())
                .isEqualTo("{\"name\":\"delete\",\"actions\":[{\"delete\":{}}],\"transitions\":[]}");
    }

    private JsonArray indexTemplatePatterns() throws IOException {
        return body(manifest.assets(AssetManifest.INDEX_TEMPLATE).get(0), AssetParameters.defaults())
                .getJsonArray("index_patterns");
    }

    // ---- monitors: POST _plugins/_alerting/monitors ----

    @Test
    void everyMonitorHasTheDocumentedStructure() throws IOException {
        AssetParameters parameters = AssetParameters.defaults()
                .monitorIntervalMinutes(3)
                .criticalThreshold(2)
                .errorThreshold(25);
        assertThat(manifest.assets(AssetManifest.MONITOR)).hasSize(4);
        for (Asset asset : manifest.assets(AssetManifest.MONITOR)) {
            JsonObject m = body(asset, parameters);
            assertThat(Set.of(
                            "type", "monitor_type", "name", "enabled", "schedule", "inputs", "triggers", "ui_metadata"))
                    .as(asset.name())
                    .containsAll(m.keySet());
            assertThat(m.getString("type")).isEqualTo("monitor");
            assertThat(m.getString("name")).isEqualTo(asset.name());
            assertThat(m.getBoolean("enabled")).isTrue();
            assertThat(m.getJsonObject("schedule").toString())
                    .isEqualTo("{\"period\":{\"interval\":3,\"unit\":\"MINUTES\"}}");
            assertThat(m.getJsonObject("ui_metadata").getJsonObject("search").getString("searchType"))
                    .isEqualTo("query");
            assertThat(m.getJsonObject("ui_metadata").getJsonObject("calllog").getInt("version"))
                    .isPositive();

            JsonArray inputs = m.getJsonArray("inputs");
            assertThat(inputs).hasSize(1);
            JsonObject search = inputs.getJsonObject(0).getJsonObject("search");
            assertThat(search.keySet()).containsExactlyInAnyOrder("indices", "query");
            assertThat(search.getJsonArray("indices")).isEqualTo(indexTemplatePatterns());
            JsonObject query = search.getJsonObject("query");
            assertThat(query.getInt("size")).isZero();
            JsonObject range = query.getJsonObject("query")
                    .getJsonObject("bool")
                    .getJsonArray("filter")
                    .getJsonObject(0)
                    .getJsonObject("range")
                    .getJsonObject("@timestamp");
            assertThat(range.getString("lte")).isEqualTo("{{period_end}}");
            assertThat(range.getString("gte")).startsWith("{{period_end}}||-");
            assertThat(range.getString("format")).isEqualTo("epoch_millis");

            JsonArray triggers = m.getJsonArray("triggers");
            assertThat(triggers).hasSize(1);
            String type = m.getString("monitor_type");
            switch (type) {
                case "query_level_monitor" -> {
                    JsonObject t = triggers.getJsonObject(0).getJsonObject("query_level_trigger");
                    assertThat(t.keySet()).containsExactlyInAnyOrder("name", "severity", "condition", "actions");
                    assertThat(t.getString("severity")).matches("[1-5]");
                    assertThat(t.getJsonArray("actions")).isEmpty();
                    JsonObject script = t.getJsonObject("condition").getJsonObject("script");
                    assertThat(script.getString("lang")).isEqualTo("painless");
                    Matcher c = QUERY_LEVEL_CONDITION.matcher(script.getString("source"));
                    assertThat(c.matches()).as(script.getString("source")).isTrue();
                    assertThat(Integer.parseInt(c.group(1)))
                            .isEqualTo(asset.name().equals("calllog-critical-events") ? 2 : 25);
                    // hits.total.value is exact only when total hits are tracked (else it stops at 10,000).
                    assertThat(query.getBoolean("track_total_hits")).isTrue();
                }
                case "bucket_level_monitor" -> {
                    JsonObject t = triggers.getJsonObject(0).getJsonObject("bucket_level_trigger");
                    assertThat(t.keySet()).containsExactlyInAnyOrder("name", "severity", "condition", "actions");
                    assertThat(t.getString("severity")).matches("[1-5]");
                    assertThat(t.getJsonArray("actions")).isEmpty();
                    JsonObject condition = t.getJsonObject("condition");
                    assertThat(condition.keySet())
                            .containsExactlyInAnyOrder("buckets_path", "parent_bucket_path", "script");
                    // The parent bucket path names a composite aggregation of the query, as bucket-level monitors
                    // require; the script reads only the variables its buckets_path defines.
                    JsonObject composite = query.getJsonObject("aggregations")
                            .getJsonObject(condition.getString("parent_bucket_path"))
                            .getJsonObject("composite");
                    assertThat(composite.getJsonArray("sources")).hasSize(1);
                    String field = asset.name().endsWith("-by-agent") ? "agent_id" : "account_id";
                    assertThat(composite
                                    .getJsonArray("sources")
                                    .getJsonObject(0)
                                    .toString())
                            .isEqualTo("{\"" + field + "\":{\"terms\":{\"field\":\"" + field + "\"}}}");
                    assertThat(condition.getJsonObject("buckets_path").toString())
                            .isEqualTo("{\"_count\":\"_count\"}");
                    JsonObject script = condition.getJsonObject("script");
                    assertThat(script.getString("lang")).isEqualTo("painless");
                    assertThat(script.getString("source")).isEqualTo("params._count > 25");
                }
                default -> throw new AssertionError("unexpected monitor_type " + type);
            }
        }
    }

    @Test
    void theMonitorsCountTheRightLevels() throws IOException {
        for (Asset asset : manifest.assets(AssetManifest.MONITOR)) {
            JsonValue levelFilter = body(asset, AssetParameters.defaults())
                    .getJsonArray("inputs")
                    .getJsonObject(0)
                    .getJsonObject("search")
                    .getJsonObject("query")
                    .getJsonObject("query")
                    .getJsonObject("bool")
                    .getJsonArray("filter")
                    .get(1);
            assertThat(levelFilter.toString())
                    .as(asset.name())
                    .isEqualTo(
                            asset.name().equals("calllog-critical-events")
                                    ? "{\"term\":{\"level\":\"CRITICAL\"}}"
                                    : "{\"terms\":{\"level\":[\"ERROR\",\"CRITICAL\"]}}");
        }
    }

    // ---- security role: PUT _plugins/_security/api/roles/<role> ----

    @Test
    void tenantRoleHasTheDocumentedStructure() throws IOException {
        JsonObject role = body(role("calllog_tenant_reader"), AssetParameters.defaults());
        assertThat(Set.of("description", "cluster_permissions", "index_permissions", "tenant_permissions"))
                .containsAll(role.keySet());
        assertThat(strings(role.getJsonArray("cluster_permissions"))).containsExactly("cluster_composite_ops_ro");
        assertThat(role.getJsonArray("tenant_permissions")).isEmpty();
        JsonArray permissions = role.getJsonArray("index_permissions");
        assertThat(permissions).hasSize(1);
        JsonObject p = permissions.getJsonObject(0);
        assertThat(p.keySet())
                .containsExactlyInAnyOrder("index_patterns", "dls", "fls", "masked_fields", "allowed_actions");
        // The data streams and their backing indices, which searches reach directly.
        assertThat(strings(p.getJsonArray("index_patterns"))).containsExactly("calllog-*", ".ds-calllog-*");
        assertThat(strings(p.getJsonArray("allowed_actions"))).containsExactly("read");
        assertThat(p.getJsonArray("fls")).isEmpty();
        assertThat(p.getJsonArray("masked_fields")).isEmpty();
        // DLS is a query, as a string, whose account id the Security plugin substitutes per user.
        assertThat(FakeCluster.parse(p.getString("dls")).toString())
                .isEqualTo("{\"term\":{\"account_id\":\"${attr.internal.account_id}\"}}");
    }

    @Test
    void tenantRoleTakesTheAttributeOfTheAuthenticationBackend() throws IOException {
        JsonObject role =
                body(role("calllog_tenant_reader"), AssetParameters.defaults().tenantAttribute("attr.jwt.tenant"));
        assertThat(FakeCluster.parse(role.getJsonArray("index_permissions")
                                .getJsonObject(0)
                                .getString("dls"))
                        .toString())
                .isEqualTo("{\"term\":{\"account_id\":\"${attr.jwt.tenant}\"}}");
    }

    private static List<String> strings(JsonArray a) {
        return a.stream().map(v -> ((JsonString) v).getString()).toList();
    }

    @Test
    void writerRoleMayWriteAndReadTheTemplatesButNotReadOrDeleteEvents() throws IOException {
        JsonObject role = body(role("calllog_writer"), AssetParameters.defaults());
        assertThat(Set.of("description", "cluster_permissions", "index_permissions", "tenant_permissions"))
                .containsAll(role.keySet());
        assertThat(strings(role.getJsonArray("cluster_permissions")))
                .containsExactly(
                        "indices:data/write/bulk",
                        "cluster:admin/component_template/get",
                        "indices:admin/index_template/get");
        JsonArray permissions = role.getJsonArray("index_permissions");
        assertThat(permissions).hasSize(1);
        JsonObject p = permissions.getJsonObject(0);
        assertThat(p.containsKey("dls")).isFalse();
        assertThat(strings(p.getJsonArray("index_patterns"))).containsExactly("calllog-*", ".ds-calllog-*");
        assertThat(strings(p.getJsonArray("allowed_actions")))
                .containsExactly(
                        "indices:data/write/bulk*",
                        "indices:data/write/index",
                        "indices:admin/create",
                        "indices:admin/mapping/put")
                .noneMatch(a -> a.contains("read") || a.contains("delete"));
    }

    private Asset role(String name) {
        return manifest.assets(AssetManifest.SECURITY_ROLE).stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
