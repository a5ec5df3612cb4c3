package dev.calllog.testsupport.savedobjects;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenSearch query a visualization or saved search implies, built the way OpenSearch Dashboards and Kibana build
 * it, and its answer read back as the rows a data table would show.
 *
 * <p>What is translated: Lucene queries (the object's, its saved search's and the dashboard's), the time range on the
 * index pattern's time field, and the aggregation types {@code count}, {@code cardinality}, {@code avg}, {@code min},
 * {@code max}, {@code percentiles}, {@code terms} (ordered by count, key or a metric), {@code filters} and
 * {@code date_histogram}; a {@code terms} missing bucket is asked for as Dashboards does and shown with its label. Anything
 * else (an other bucket, any saved filter) is refused rather than ignored. Bucket aggregations nest
 * in the order of the {@code aggs} list; metrics sit in the innermost bucket, and a metric a {@code terms} aggregation
 * is ordered by also sits in that aggregation, as the Dashboards request does.
 */
public final class SavedObjectQuery {
    /** The key Dashboards gives the bucket of documents without the field, when a terms aggregation asks for it. */
    static final String MISSING_KEY = "__missing__";

    /** The interval {@code auto} date histograms get here; Dashboards derives one from the time range. */
    public static final String AUTO_INTERVAL = "1m";

    private final SavedObjects objects;
    private final String timeField;

    /** Queries for the objects of {@code objects}, whose index pattern has {@code timeField} as its time field. */
    public SavedObjectQuery(SavedObjects objects, String timeField) {
        this.objects = objects;
        this.timeField = timeField;
    }

    /**
     * The {@code _search} body a visualization sends.
     *
     * @param visualizationId the visualization
     * @param dashboardQuery the Lucene query typed in the dashboard's query bar (or given by its URL), or ""
     * @param from start of the time range
     * @param to end of the time range
     */
    public JsonObject visualization(String visualizationId, String dashboardQuery, Instant from, Instant to) {
        JsonObject vis = objects.get("visualization", visualizationId);
        JsonArray aggs = SavedObjects.visState(vis).getJsonArray("aggs");
        List<JsonObject> buckets = new ArrayList<>();
        List<JsonObject> metrics = new ArrayList<>();
        for (JsonValue a : aggs) {
            JsonObject agg = a.asJsonObject();
            if (!agg.getBoolean("enabled", true)) {
                continue;
            }
            (isBucket(agg) ? buckets : metrics).add(agg);
        }
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("size", 0)
                .add("track_total_hits", true)
                .add("query", query(vis, dashboardQuery, from, to));
        JsonObjectBuilder tree = nest(buckets, 0, metrics);
        JsonObject built = tree.build();
        if (!built.isEmpty()) {
            body.add("aggs", built);
        }
        return body.build();
    }

    /**
     * The {@code _search} body a saved search sends: its query, its sort, and {@code size} hits.
     *
     * @param searchId the saved search
     * @param dashboardQuery the dashboard's Lucene query, or ""
     */
    public JsonObject search(String searchId, String dashboardQuery, Instant from, Instant to, int size) {
        JsonObject search = objects.get("search", searchId);
        JsonArrayBuilder sort = Json.createArrayBuilder();
        for (JsonValue s : search.getJsonObject("attributes").getJsonArray("sort")) {
            JsonArray pair = s.asJsonArray();
            sort.add(Json.createObjectBuilder().add(pair.getString(0), pair.getString(1)));
        }
        return Json.createObjectBuilder()
                .add("size", size)
                .add("query", query(search, dashboardQuery, from, to))
                .add("sort", sort)
                .build();
    }

    /**
     * The rows a data table shows for a visualization's answer: one per innermost bucket, with the bucket keys first
     * (in aggregation order), then the metric values (percentiles give one value per percent). Keys are strings;
     * metric values are {@link Double}s, or null when there is none. Without bucket aggregations there is one row.
     */
    public List<List<Object>> rows(String visualizationId, JsonObject response) {
        JsonArray aggs = SavedObjects.visState(objects.get("visualization", visualizationId))
                .getJsonArray("aggs");
        List<JsonObject> buckets = new ArrayList<>();
        List<JsonObject> metrics = new ArrayList<>();
        for (JsonValue a : aggs) {
            JsonObject agg = a.asJsonObject();
            if (agg.getBoolean("enabled", true)) {
                (isBucket(agg) ? buckets : metrics).add(agg);
            }
        }
        JsonObject aggregations = response.containsKey("aggregations")
                ? response.getJsonObject("aggregations")
                : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject root = Json.createObjectBuilder(aggregations)
                .add(
                        "doc_count",
                        response.getJsonObject("hits").getJsonObject("total").getJsonNumber("value"))
                .build();
        List<List<Object>> rows = new ArrayList<>();
        tabify(root, buckets, 0, metrics, new ArrayList<>(), rows);
        return rows;
    }

    private void tabify(
            JsonObject bucket,
            List<JsonObject> buckets,
            int level,
            List<JsonObject> metrics,
            List<Object> keys,
            List<List<Object>> rows) {
        if (level == buckets.size()) {
            List<Object> row = new ArrayList<>(keys);
            for (JsonObject metric : metrics) {
                String id = metric.getString("id");
                switch (metric.getString("type")) {
                    case "count" -> row.add(bucket.getJsonNumber("doc_count").doubleValue());
                    case "percentiles" -> {
                        JsonObject values = bucket.getJsonObject(id).getJsonObject("values");
                        for (JsonValue p : metric.getJsonObject("params").getJsonArray("percents")) {
                            row.add(number(values.get(String.valueOf(((JsonNumber) p).doubleValue()))));
                        }
                    }
                    default -> row.add(number(bucket.getJsonObject(id).get("value")));
                }
            }
            rows.add(row);
            return;
        }
        JsonObject agg = buckets.get(level);
        JsonValue result = bucket.getJsonObject(agg.getString("id")).get("buckets");
        if (result instanceof JsonArray array) {
            for (JsonValue b : array) {
                JsonObject child = b.asJsonObject();
                String key =
                        child.containsKey("key_as_string") ? child.getString("key_as_string") : key(child.get("key"));
                if (key.equals(MISSING_KEY) && agg.getJsonObject("params").getBoolean("missingBucket", false)) {
                    key = agg.getJsonObject("params").getString("missingBucketLabel", "Missing");
                }
                keys.add(key);
                tabify(child, buckets, level + 1, metrics, keys, rows);
                keys.remove(keys.size() - 1);
            }
        } else {
            // filters: keyed by label, in the order the visualization lists them
            JsonObject keyed = result.asJsonObject();
            for (String label : keyed.keySet()) {
                keys.add(label);
                tabify(keyed.getJsonObject(label), buckets, level + 1, metrics, keys, rows);
                keys.remove(keys.size() - 1);
            }
        }
    }

    private static String key(JsonValue key) {
        return key instanceof JsonString s ? s.getString() : key.toString();
    }

    private static Double number(JsonValue value) {
        return value instanceof JsonNumber n ? n.doubleValue() : null;
    }

    private static boolean isBucket(JsonObject agg) {
        return switch (agg.getString("type")) {
            case "terms", "filters", "date_histogram" -> true;
            case "count", "cardinality", "avg", "min", "max", "percentiles" -> false;
            default ->
                throw new IllegalArgumentException("aggregation type " + agg.getString("type") + " is not translated");
        };
    }

    private JsonObjectBuilder nest(List<JsonObject> buckets, int level, List<JsonObject> metrics) {
        JsonObjectBuilder aggs = Json.createObjectBuilder();
        if (level == buckets.size()) {
            for (JsonObject metric : metrics) {
                if (!metric.getString("type").equals("count")) {
                    aggs.add(metric.getString("id"), metric(metric));
                }
            }
            return aggs;
        }
        JsonObject agg = buckets.get(level);
        JsonObject params = agg.getJsonObject("params");
        JsonObjectBuilder bucket = Json.createObjectBuilder();
        JsonObjectBuilder sub = nest(buckets, level + 1, metrics);
        switch (agg.getString("type")) {
            case "terms" -> {
                String orderBy = params.getString("orderBy");
                String direction = params.getString("order");
                JsonObject orderMetric = metrics.stream()
                        .filter(m -> m.getString("id").equals(orderBy))
                        .findFirst()
                        .orElse(null);
                String orderKey;
                if (orderBy.equals("_key")) {
                    orderKey = "_key";
                } else if (orderMetric == null) {
                    throw new IllegalArgumentException("terms " + agg.getString("id") + " is ordered by " + orderBy
                            + ", which is not a metric of the visualization");
                } else if (orderMetric.getString("type").equals("count")) {
                    orderKey = "_count";
                } else {
                    orderKey = orderBy;
                    sub.add(orderBy, metric(orderMetric));
                }
                if (params.getBoolean("otherBucket", false)) {
                    throw new IllegalArgumentException("other buckets are not translated");
                }
                JsonObjectBuilder terms = Json.createObjectBuilder()
                        .add("field", params.getString("field"))
                        .add("size", params.getInt("size"))
                        .add("order", Json.createObjectBuilder().add(orderKey, direction));
                if (params.getBoolean("missingBucket", false)) {
                    // As Dashboards asks for it (on string fields, the only ones this project groups by).
                    terms.add("missing", MISSING_KEY);
                }
                bucket.add("terms", terms);
            }
            case "filters" -> {
                JsonObjectBuilder filters = Json.createObjectBuilder();
                for (JsonValue f : params.getJsonArray("filters")) {
                    JsonObject input = f.asJsonObject().getJsonObject("input");
                    String label = f.asJsonObject().getString("label", input.getString("query"));
                    filters.add(label, lucene(input));
                }
                bucket.add("filters", Json.createObjectBuilder().add("filters", filters));
            }
            case "date_histogram" -> {
                String interval = params.getString("interval");
                bucket.add(
                        "date_histogram",
                        Json.createObjectBuilder()
                                .add("field", params.getString("field"))
                                .add("fixed_interval", interval.equals("auto") ? AUTO_INTERVAL : interval)
                                .add("min_doc_count", params.getInt("min_doc_count", 1)));
            }
            default -> throw new IllegalStateException();
        }
        JsonObject subAggs = sub.build();
        if (!subAggs.isEmpty()) {
            bucket.add("aggs", subAggs);
        }
        return aggs.add(agg.getString("id"), bucket);
    }

    private static JsonObject metric(JsonObject metric) {
        JsonObject params = metric.getJsonObject("params");
        JsonObjectBuilder body = Json.createObjectBuilder().add("field", params.getString("field"));
        if (metric.getString("type").equals("percentiles")) {
            body.add("percents", params.getJsonArray("percents"));
        }
        return Json.createObjectBuilder().add(metric.getString("type"), body).build();
    }

    /** The query: the time range, the object's own query, its saved search's, and the dashboard's. */
    private JsonObject query(JsonObject object, String dashboardQuery, Instant from, Instant to) {
        JsonArrayBuilder filter = Json.createArrayBuilder()
                .add(Json.createObjectBuilder()
                        .add(
                                "range",
                                Json.createObjectBuilder()
                                        .add(
                                                timeField,
                                                Json.createObjectBuilder()
                                                        .add("gte", from.toString())
                                                        .add("lte", to.toString())
                                                        .add("format", "strict_date_optional_time"))));
        addQuery(filter, object);
        if (object.getString("type").equals("visualization")) {
            JsonObject search = objects.savedSearchOf(object);
            if (search != null) {
                addQuery(filter, search);
            }
        }
        if (!dashboardQuery.isEmpty()) {
            filter.add(lucene(Json.createObjectBuilder()
                    .add("query", dashboardQuery)
                    .add("language", "lucene")
                    .build()));
        }
        return Json.createObjectBuilder()
                .add("bool", Json.createObjectBuilder().add("filter", filter))
                .build();
    }

    private static void addQuery(JsonArrayBuilder filter, JsonObject object) {
        JsonObject source = SavedObjects.searchSource(object);
        if (!SavedObjects.array(source, "filter").isEmpty()) {
            throw new IllegalArgumentException(object.getString("id") + " has saved filters, which are not translated");
        }
        JsonObject query = source.getJsonObject("query");
        if (query != null && !query.getString("query", "").isBlank()) {
            filter.add(lucene(query));
        }
    }

    private static JsonObject lucene(JsonObject query) {
        if (!query.getString("language").equals("lucene")) {
            throw new IllegalArgumentException("only Lucene queries are translated, not " + query);
        }
        return Json.createObjectBuilder()
                .add(
                        "query_string",
                        Json.createObjectBuilder()
                                .add("query", query.getString("query"))
                                .add("analyze_wildcard", true))
                .build();
    }
}
