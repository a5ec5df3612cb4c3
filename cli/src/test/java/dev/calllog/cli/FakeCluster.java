package dev.calllog.cli;

import dev.calllog.testsupport.http.FakeOpenSearch;
import dev.calllog.testsupport.http.FakeOpenSearch.Request;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-process cluster with the Index Management, Alerting and Security plugins, which the test node does not have.
 * It answers as their documentation shows, including what makes a stored asset read differently from its file: ISM
 * adds {@code retry} to actions and {@code last_updated_time} to templates; Alerting rewrites queries ({@code gte}
 * becomes {@code from}, {@code boost} is added) and gives triggers ids; updates of policies and monitors need the
 * current {@code if_seq_no}/{@code if_primary_term}.
 */
final class FakeCluster implements AutoCloseable {

    private final FakeOpenSearch server;
    private volatile Set<String> plugins = Set.of(
            "opensearch-index-management", "opensearch-alerting", "opensearch-security", "opensearch-job-scheduler");

    final Map<String, String> templates = new LinkedHashMap<>();
    JsonObject policy;
    long policySeqNo = -1;
    final Map<String, JsonObject> monitors = new LinkedHashMap<>();
    final Map<String, Long> monitorSeqNo = new LinkedHashMap<>();
    final Map<String, JsonObject> roles = new LinkedHashMap<>();
    /** Backing indices without a policy, which the next ISM add attaches. */
    int unmanagedBackingIndices = 1;

    private long seqNo;
    private int monitorIds;

    FakeCluster() throws IOException {
        server = new FakeOpenSearch().handler(this::handle);
    }

    String url() {
        return server.url();
    }

    void plugins(Set<String> plugins) {
        this.plugins = plugins;
    }

    List<Request> requests() {
        return server.requests();
    }

    List<String> requestLines() {
        return server.requestLines();
    }

    void clearRequests() {
        server.clearRequests();
    }

    @Override
    public void close() {
        server.close();
    }

    private synchronized FakeOpenSearch.Answer handle(Request r) {
        Object[] answer = answer(r);
        return FakeOpenSearch.Answer.of((int) answer[0], (String) answer[1]);
    }

    private Object[] answer(Request r) {
        String p = r.path();
        if (p.equals("/_cat/plugins")) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            plugins.stream()
                    .sorted()
                    .forEach(c -> a.add(Json.createObjectBuilder().add("component", c)));
            return ok(a.build().toString());
        }
        if (p.startsWith("/_component_template/") || p.startsWith("/_index_template/")) {
            return template(r);
        }
        if (p.startsWith("/_plugins/_ism/")) {
            return ism(r);
        }
        if (p.startsWith("/_plugins/_alerting/monitors")) {
            return alerting(r);
        }
        if (p.startsWith("/_plugins/_security/api/roles/")) {
            return role(r);
        }
        return new Object[] {404, "{\"error\":\"no handler for " + r.line() + "\"}"};
    }

    private Object[] template(Request r) {
        String kind = r.path().startsWith("/_component_template/") ? "component_template" : "index_template";
        String name = r.path().substring(r.path().lastIndexOf('/') + 1);
        if (r.method().equals("PUT")) {
            templates.put(r.path(), r.bodyText());
            return ok("{\"acknowledged\":true}");
        }
        String stored = templates.get(r.path());
        if (stored == null) {
            return new Object[] {404, "{\"error\":{\"type\":\"resource_not_found_exception\"},\"status\":404}"};
        }
        return ok("{\"" + kind + "s\":[{\"name\":\"" + name + "\",\"" + kind + "\":" + stored + "}]}");
    }

    private Object[] ism(Request r) {
        if (r.path().startsWith("/_plugins/_ism/add/")) {
            int n = unmanagedBackingIndices;
            unmanagedBackingIndices = 0;
            return ok("{\"updated_indices\":" + n + ",\"failures\":false,\"failed_indices\":[]}");
        }
        String id = r.path().substring("/_plugins/_ism/policies/".length());
        if (r.method().equals("GET")) {
            if (policy == null) {
                return new Object[] {
                    404, "{\"error\":{\"type\":\"status_exception\",\"reason\":\"Policy not found\"},\"status\":404}"
                };
            }
            return ok(Json.createObjectBuilder()
                    .add("_id", id)
                    .add("_version", 1)
                    .add("_seq_no", policySeqNo)
                    .add("_primary_term", 1)
                    .add("policy", policy)
                    .build()
                    .toString());
        }
        Map<String, String> q = query(r.query());
        if (policy != null
                && (!String.valueOf(policySeqNo).equals(q.get("if_seq_no")) || !"1".equals(q.get("if_primary_term")))) {
            return new Object[] {
                409, "{\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"seq_no\"},\"status\":409}"
            };
        }
        JsonObject given = parse(r.bodyText()).getJsonObject("policy");
        JsonObjectBuilder stored = Json.createObjectBuilder(given)
                .add("policy_id", id)
                .add("last_updated_time", 1_700_000_000_000L)
                .add("schema_version", 21)
                .addNull("error_notification");
        JsonArrayBuilder states = Json.createArrayBuilder();
        for (JsonValue s : given.getJsonArray("states")) {
            JsonArrayBuilder actions = Json.createArrayBuilder();
            for (JsonValue a : s.asJsonObject().getJsonArray("actions")) {
                actions.add(Json.createObjectBuilder(a.asJsonObject())
                        .add(
                                "retry",
                                Json.createObjectBuilder()
                                        .add("count", 3)
                                        .add("backoff", "exponential")
                                        .add("delay", "1m")));
            }
            states.add(Json.createObjectBuilder(s.asJsonObject()).add("actions", actions));
        }
        stored.add("states", states);
        JsonArrayBuilder templates = Json.createArrayBuilder();
        for (JsonValue t : given.getJsonArray("ism_template")) {
            templates.add(Json.createObjectBuilder(t.asJsonObject()).add("last_updated_time", 1_700_000_000_000L));
        }
        stored.add("ism_template", templates);
        boolean created = policy == null;
        policy = stored.build();
        policySeqNo = ++seqNo;
        return new Object[] {created ? 201 : 200, "{\"_id\":\"" + id + "\",\"_seq_no\":" + policySeqNo + "}"};
    }

    private Object[] alerting(Request r) {
        String p = r.path();
        if (p.equals("/_plugins/_alerting/monitors/_search")) {
            if (monitors.isEmpty()) {
                return new Object[] {
                    404,
                    "{\"error\":{\"type\":\"index_not_found_exception\",\"reason\":\"no such index [.opendistro-alerting-config]\"},"
                            + "\"status\":404}"
                };
            }
            String name = parse(r.bodyText())
                    .getJsonObject("query")
                    .getJsonObject("match_phrase")
                    .getString("monitor.name");
            JsonArrayBuilder hits = Json.createArrayBuilder();
            monitors.forEach((id, m) -> {
                // match_phrase: every word of the name, in order, as the analysed text field would match.
                if (m.getString("name").contains(name)) {
                    hits.add(Json.createObjectBuilder()
                            .add("_index", ".opendistro-alerting-config")
                            .add("_id", id)
                            .add("_seq_no", monitorSeqNo.get(id))
                            .add("_primary_term", 1)
                            .add("_source", Json.createObjectBuilder().add("monitor", m)));
                }
            });
            return ok(Json.createObjectBuilder()
                    .add("hits", Json.createObjectBuilder().add("hits", hits))
                    .build()
                    .toString());
        }
        if (r.method().equals("POST") && p.equals("/_plugins/_alerting/monitors")) {
            String id = "monitor-" + ++monitorIds;
            store(id, parse(r.bodyText()));
            return new Object[] {201, "{\"_id\":\"" + id + "\",\"_version\":1}"};
        }
        if (r.method().equals("PUT")) {
            String id = p.substring("/_plugins/_alerting/monitors/".length());
            Map<String, String> q = query(r.query());
            if (!monitors.containsKey(id)
                    || !String.valueOf(monitorSeqNo.get(id)).equals(q.get("if_seq_no"))
                    || !"1".equals(q.get("if_primary_term"))) {
                return new Object[] {409, "{\"error\":{\"type\":\"version_conflict_engine_exception\"},\"status\":409}"
                };
            }
            store(id, parse(r.bodyText()));
            return ok("{\"_id\":\"" + id + "\"}");
        }
        return new Object[] {405, "{}"};
    }

    /** Stores a monitor as the plugin does: queries rewritten, triggers given ids, times and a user added. */
    private void store(String id, JsonObject monitor) {
        String text = monitor.toString()
                .replace("\"gte\":", "\"from\":")
                .replace("\"lte\":", "\"to\":")
                .replace(
                        "\"format\":\"epoch_millis\"",
                        "\"include_lower\":true,\"include_upper\":true," + "\"format\":\"epoch_millis\",\"boost\":1.0");
        JsonObject rewritten = parse(text);
        JsonArrayBuilder triggers = Json.createArrayBuilder();
        int n = 0;
        for (JsonValue t : rewritten.getJsonArray("triggers")) {
            JsonObject o = t.asJsonObject();
            String type = o.keySet().iterator().next();
            triggers.add(Json.createObjectBuilder()
                    .add(type, Json.createObjectBuilder(o.getJsonObject(type)).add("id", id + "-t" + n++)));
        }
        monitors.put(
                id,
                Json.createObjectBuilder(rewritten)
                        .add("triggers", triggers)
                        .add("schema_version", 5)
                        .add("last_update_time", 1_700_000_000_000L)
                        .add("user", Json.createObjectBuilder().add("name", "admin"))
                        .build());
        monitorSeqNo.put(id, ++seqNo);
    }

    private Object[] role(Request r) {
        String name = r.path().substring("/_plugins/_security/api/roles/".length());
        if (r.method().equals("GET")) {
            JsonObject stored = roles.get(name);
            if (stored == null) {
                return new Object[] {
                    404, "{\"status\":\"NOT_FOUND\",\"message\":\"Resource '" + name + "' not found.\"}"
                };
            }
            return ok(Json.createObjectBuilder().add(name, stored).build().toString());
        }
        boolean created = !roles.containsKey(name);
        roles.put(
                name,
                Json.createObjectBuilder()
                        .add("reserved", false)
                        .add("hidden", false)
                        .addAll(Json.createObjectBuilder(parse(r.bodyText())))
                        .add("static", false)
                        .build());
        return new Object[] {
            created ? 201 : 200,
            "{\"status\":\"" + (created ? "CREATED" : "OK") + "\",\"message\":\"'" + name + "' "
                    + (created ? "created" : "updated") + ".\"}"
        };
    }

    private static Object[] ok(String body) {
        return new Object[] {200, body};
    }

    static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(
                        URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    /** Ids of the stored monitors, by name. */
    Map<String, String> monitorIdsByName() {
        Map<String, String> m = new LinkedHashMap<>();
        monitors.forEach((id, mon) -> m.put(mon.getString("name"), id));
        return m;
    }

    /** Every stored monitor's names, in creation order. */
    List<String> monitorNames() {
        return new ArrayList<>(monitorIdsByName().keySet());
    }
}
