package dev.calllog.cli;

import dev.calllog.cli.AssetOutcome.Status;
import dev.calllog.core.internal.setup.AssetManifest;
import dev.calllog.core.internal.setup.AssetManifest.Asset;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Installs the assets that need OpenSearch plugins: the ISM policy (Index Management), the monitors (Alerting) and the
 * tenant role (Security), through their REST APIs, each only when the cluster's copy differs from the file.
 *
 * <ul>
 *   <li>ISM policy: created, or updated (with {@code if_seq_no}/{@code if_primary_term}) when the stored policy does not
 *       contain the file's ({@link JsonContainment}); then attached to the backing indices that existed before it,
 *       which its {@code ism_template} does not reach (a stream the appender created before setup ran).
 *   <li>Monitors: found by name ({@code _plugins/_alerting/monitors/_search}), since their ids are generated; created,
 *       or updated when the digest of the file recorded in {@code ui_metadata.calllog.digest} differs (the plugin
 *       rewrites queries, so a stored monitor never reads like its file), keeping the actions added to its triggers. A
 *       monitor with a newer {@code ui_metadata.calllog.version}, or without it (not installed by this command, or
 *       saved from the Dashboards editor), is left alone.
 *   <li>Role: created, or replaced when the stored role does not contain the file's.
 * </ul>
 */
final class PluginAssetInstaller {
    private static final int QUOTE_CHARS = 200;
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private final BulkTransport transport;
    private final AssetManifest manifest;
    private final Map<String, Object> values;
    private final boolean dryRun;

    PluginAssetInstaller(BulkTransport transport, AssetManifest manifest, Map<String, Object> values, boolean dryRun) {
        this.transport = transport;
        this.manifest = manifest;
        this.values = values;
        this.dryRun = dryRun;
    }

    /** A request that got no answer, or an answer that cannot be read: the installation of that asset failed. */
    private static final class Unanswered extends Exception {
        private static final long serialVersionUID = 1L;

        Unanswered(String message) {
            super(message);
        }
    }

    /** Installs one {@code ism_policy}, {@code monitor} or {@code security_role}. Never throws. */
    AssetOutcome install(Asset asset) {
        String body;
        JsonObject file;
        try {
            body = manifest.body(asset, values);
            file = parse(body);
        } catch (IOException | JsonException | IllegalArgumentException e) {
            return AssetOutcome.failed(
                    asset.kind(), asset.name(), "cannot read " + asset.path() + ": " + e.getMessage());
        }
        try {
            return switch (asset.kind()) {
                case AssetManifest.ISM_POLICY -> ismPolicy(asset, file);
                case AssetManifest.MONITOR -> monitor(asset, body, file);
                case AssetManifest.SECURITY_ROLE -> role(asset, file);
                default -> AssetOutcome.failed(asset.kind(), asset.name(), "not an asset of a plugin");
            };
        } catch (Unanswered e) {
            return AssetOutcome.failed(asset.kind(), asset.name(), e.getMessage());
        } catch (RuntimeException e) {
            // An answer of another shape than the plugin documents (ClassCastException, NullPointerException...).
            return AssetOutcome.failed(asset.kind(), asset.name(), "unexpected answer from OpenSearch: " + e);
        }
    }

    // ---- ISM policy ----

    private AssetOutcome ismPolicy(Asset asset, JsonObject file) throws Unanswered {
        String path = "/_plugins/_ism/policies/" + encode(asset.name());
        HttpResult got = send("GET", path, null);
        Status status;
        if (got.status() == 404) {
            status = Status.CREATED;
            if (!dryRun) {
                HttpResult put = send("PUT", path, file.toString());
                if (!put.isSuccess()) {
                    return answered(asset, "PUT", path, put);
                }
            }
        } else if (got.isSuccess()) {
            JsonObject stored = parse(got);
            if (JsonContainment.contains(stored.get("policy"), file.get("policy"))) {
                status = Status.UNCHANGED;
            } else {
                status = Status.UPDATED;
                if (!dryRun) {
                    String update = path + "?if_seq_no=" + stored.getJsonNumber("_seq_no") + "&if_primary_term="
                            + stored.getJsonNumber("_primary_term");
                    HttpResult put = send("PUT", update, file.toString());
                    if (!put.isSuccess()) {
                        return answered(asset, "PUT", path, put);
                    }
                }
            }
        } else {
            return answered(asset, "GET", path, got);
        }
        String detail = dryRun ? "" : attachToExistingIndices(asset, file);
        return new AssetOutcome(asset.kind(), asset.name(), status, detail);
    }

    /**
     * An {@code ism_template} only reaches indices created after it: attaches the policy to the backing indices of the
     * streams it covers that have no policy yet (the add API leaves indices with a policy alone).
     */
    private String attachToExistingIndices(Asset asset, JsonObject file) throws Unanswered {
        List<String> patterns = new ArrayList<>();
        for (JsonValue t : file.getJsonObject("policy").getJsonArray("ism_template")) {
            for (JsonValue p : t.asJsonObject().getJsonArray("index_patterns")) {
                patterns.add(".ds-" + ((JsonString) p).getString());
            }
        }
        String path = "/_plugins/_ism/add/" + encode(String.join(",", patterns));
        HttpResult add = send(
                "POST",
                path,
                Json.createObjectBuilder()
                        .add("policy_id", asset.name())
                        .build()
                        .toString());
        if (add.status() == 404) {
            return "";
        }
        if (!add.isSuccess()) {
            return "(it could not be attached to existing backing indices: POST " + path + " answered " + add.status()
                    + ": " + add.errorText(QUOTE_CHARS) + ")";
        }
        int n = parse(add).getInt("updated_indices", 0);
        return n == 0 ? "" : "(attached to " + n + " existing backing " + (n == 1 ? "index" : "indices") + ")";
    }

    // ---- monitors ----

    private AssetOutcome monitor(Asset asset, String body, JsonObject file) throws Unanswered {
        JsonObject calllog = file.getJsonObject("ui_metadata").getJsonObject("calllog");
        long version = calllog.getJsonNumber("version").longValue();
        String digest = digest(body);
        JsonObject desired = Json.createObjectBuilder(file)
                .add(
                        "ui_metadata",
                        Json.createObjectBuilder(file.getJsonObject("ui_metadata"))
                                .add(
                                        "calllog",
                                        Json.createObjectBuilder(calllog).add("digest", digest)))
                .build();

        List<JsonObject> found = new ArrayList<>();
        String search = "/_plugins/_alerting/monitors/_search";
        HttpResult hits = send(
                "POST",
                search,
                Json.createObjectBuilder()
                        .add("size", 100)
                        .add("seq_no_primary_term", true)
                        .add(
                                "query",
                                Json.createObjectBuilder()
                                        .add(
                                                "match_phrase",
                                                Json.createObjectBuilder().add("monitor.name", asset.name())))
                        .build()
                        .toString());
        if (hits.isSuccess()) {
            for (JsonValue hit : parse(hits).getJsonObject("hits").getJsonArray("hits")) {
                JsonObject source = hit.asJsonObject().getJsonObject("_source");
                JsonObject monitor = source.containsKey("monitor") ? source.getJsonObject("monitor") : source;
                if (asset.name().equals(monitor.getString("name", null))) {
                    found.add(hit.asJsonObject());
                }
            }
        } else if (hits.status() != 404) { // 404: no monitor was ever created, the plugin's index does not exist
            return answered(asset, "POST", search, hits);
        }

        if (found.isEmpty()) {
            if (!dryRun) {
                HttpResult post = send("POST", "/_plugins/_alerting/monitors", desired.toString());
                if (!post.isSuccess()) {
                    return answered(asset, "POST", "/_plugins/_alerting/monitors", post);
                }
            }
            return new AssetOutcome(asset.kind(), asset.name(), Status.CREATED, "(version " + version + ")");
        }
        JsonObject hit = found.get(0);
        JsonObject source = hit.getJsonObject("_source");
        JsonObject stored = source.containsKey("monitor") ? source.getJsonObject("monitor") : source;
        JsonObject storedCalllog = stored.containsKey("ui_metadata")
                        && stored.getJsonObject("ui_metadata").containsKey("calllog")
                ? stored.getJsonObject("ui_metadata").getJsonObject("calllog")
                : JsonValue.EMPTY_JSON_OBJECT;
        String shared =
                found.size() > 1 ? " (" + found.size() + " monitors have this name; only the first is managed)" : "";
        if (!storedCalllog.containsKey("version")) {
            // Created by hand, or saved from OpenSearch Dashboards' editor, which rewrites ui_metadata: someone chose
            // what it says.
            return AssetOutcome.skipped(
                    asset.kind(),
                    asset.name(),
                    "a monitor of this name not managed by calllog setup (no ui_metadata.calllog) is left alone;"
                            + " delete it to have it re-created" + shared);
        }
        long storedVersion = storedCalllog.getJsonNumber("version").longValue();
        if (storedVersion > version) {
            return AssetOutcome.skipped(
                    asset.kind(),
                    asset.name(),
                    "version " + storedVersion + " on the cluster is newer than " + version + shared);
        }
        if (digest.equals(storedCalllog.getString("digest", null))) {
            return new AssetOutcome(asset.kind(), asset.name(), Status.UNCHANGED, "(version " + version + ")" + shared);
        }
        if (!dryRun) {
            String path = "/_plugins/_alerting/monitors/" + encode(hit.getString("_id"));
            if (hit.containsKey("_seq_no") && hit.containsKey("_primary_term")) {
                path += "?if_seq_no=" + hit.getJsonNumber("_seq_no") + "&if_primary_term="
                        + hit.getJsonNumber("_primary_term");
            }
            HttpResult put = send("PUT", path, withActionsOf(stored, desired).toString());
            if (!put.isSuccess()) {
                return answered(asset, "PUT", path, put);
            }
        }
        return new AssetOutcome(asset.kind(), asset.name(), Status.UPDATED, "(version " + version + ")" + shared);
    }

    /**
     * {@code desired} with the actions (notifications) that were added to the stored monitor's triggers, matched by
     * trigger name: the files have none, since destinations belong to each site, and new thresholds must not drop them.
     */
    private static JsonObject withActionsOf(JsonObject stored, JsonObject desired) {
        Map<String, JsonValue> actions = new HashMap<>();
        for (JsonValue t : stored.getJsonArray("triggers")) {
            for (Map.Entry<String, JsonValue> typed : t.asJsonObject().entrySet()) {
                JsonObject trigger = typed.getValue().asJsonObject();
                JsonValue a = trigger.get("actions");
                if (a != null
                        && a.getValueType() == JsonValue.ValueType.ARRAY
                        && !a.asJsonArray().isEmpty()) {
                    actions.put(typed.getKey() + "/" + trigger.getString("name", ""), a);
                }
            }
        }
        if (actions.isEmpty()) {
            return desired;
        }
        JsonArrayBuilder triggers = Json.createArrayBuilder();
        for (JsonValue t : desired.getJsonArray("triggers")) {
            JsonObjectBuilder typedTrigger = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> typed : t.asJsonObject().entrySet()) {
                JsonObject trigger = typed.getValue().asJsonObject();
                JsonValue kept = actions.get(typed.getKey() + "/" + trigger.getString("name", ""));
                typedTrigger.add(
                        typed.getKey(),
                        kept == null
                                ? trigger
                                : Json.createObjectBuilder(trigger)
                                        .add("actions", kept)
                                        .build());
            }
            triggers.add(typedTrigger);
        }
        return Json.createObjectBuilder(desired).add("triggers", triggers).build();
    }

    /** The first 16 hex digits of the SHA-256 of the file as installed. */
    static String digest(String body) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    // ---- security role ----

    private AssetOutcome role(Asset asset, JsonObject file) throws Unanswered {
        String path = "/_plugins/_security/api/roles/" + encode(asset.name());
        HttpResult got = send("GET", path, null);
        Status status;
        if (got.status() == 404) {
            status = Status.CREATED;
        } else if (got.isSuccess()) {
            status = JsonContainment.contains(parse(got).get(asset.name()), file) ? Status.UNCHANGED : Status.UPDATED;
        } else {
            return answered(asset, "GET", path, got);
        }
        if (status != Status.UNCHANGED && !dryRun) {
            HttpResult put = send("PUT", path, file.toString());
            if (!put.isSuccess()) {
                return answered(asset, "PUT", path, put);
            }
        }
        return new AssetOutcome(asset.kind(), asset.name(), status, "");
    }

    // ---- plumbing ----

    private HttpResult send(String method, String path, String body) throws Unanswered {
        try {
            if (body == null) {
                return transport.send(method, path);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return transport.send(method, path, bytes, 0, bytes.length, JSON);
        } catch (IOException e) {
            throw new Unanswered("OpenSearch could not be reached: " + e.getMessage());
        }
    }

    private static AssetOutcome answered(Asset asset, String method, String path, HttpResult r) {
        return AssetOutcome.failed(
                asset.kind(),
                asset.name(),
                method + " " + path + " answered " + r.status() + ": " + r.errorText(QUOTE_CHARS));
    }

    private static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    private static JsonObject parse(HttpResult r) throws Unanswered {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(r.body()))) {
            return reader.readObject();
        } catch (JsonException e) {
            throw new Unanswered("OpenSearch answered " + r.status() + " with unreadable JSON: " + r.bodyText(80));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2A", "*")
                .replace("%2C", ",");
    }
}
