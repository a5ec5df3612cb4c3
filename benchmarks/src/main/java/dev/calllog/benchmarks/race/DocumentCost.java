package dev.calllog.benchmarks.race;

import dev.calllog.benchmarks.RawLoader;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.setup.TemplateInstaller;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a document costs the node, by option: the same events bulk-loaded, pre-built, into one real node, as the
 * project's document under the project's template (as installed, and changed one option at a time) and as a plain
 * document of the same content (what a peer sends: the ids, level, event, message and key-values as top-level fields,
 * no {@code _id}). For each: the node's CPU per million events from the first request until the index is refreshed
 * and flushed, the load's events/s, and the primary store's size per million events. Interleaved rounds; medians.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.calllog.benchmarks.race.DocumentCost --events=200000 --rounds=3
 * </pre>
 */
public final class DocumentCost {
    private static final String FILTER = "?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason";
    private static final String TEMPLATES = "dev/calllog/templates/component/";
    private static final int BATCH = 5000;

    private DocumentCost() {}

    /** One way of indexing the same events. */
    record Variant(
            String name, boolean plain, boolean withId, String settings, String mappings, UnaryOperator<String> doc) {
        boolean installed() {
            return settings == null;
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = RaceDriver.options(argv);
        long events = Long.parseLong(a.getOrDefault("events", "200000")) / BATCH * BATCH;
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        String section = run(events, rounds);
        System.out.println(section);
        String out = a.get("out");
        if (out != null) {
            Files.writeString(Path.of(out), section + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    static List<Variant> variants() throws IOException {
        String mappings = templateMappings();
        String codec = setting("codec");
        String refresh = setting("refresh_interval");
        String settings = settings(codec, refresh);
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("calllog document, template as installed (data stream)", false, true, null, null, d -> d));
        v.add(new Variant(
                "plain document, dynamic mapping, index defaults",
                true,
                false,
                settings("default", "1s"),
                "{}",
                d -> d));
        v.add(new Variant(
                "plain document, keyword mapping, index defaults",
                true,
                false,
                settings("default", "1s"),
                """
                {"dynamic":false,"properties":{"@timestamp":{"type":"date"},"call_id":{"type":"keyword"},\
                "agent_id":{"type":"keyword"},"level":{"type":"keyword"},"event":{"type":"keyword"},\
                "message":{"type":"text"},"latency_ms":{"type":"long"},"turn":{"type":"long"},\
                "model":{"type":"keyword"}}}""",
                d -> d));
        v.add(new Variant(
                "calllog: template's mapping and settings on an index", false, true, settings, mappings, d -> d));
        v.add(new Variant("calllog, without `_id` (node-generated ids)", false, false, settings, mappings, d -> d));
        v.add(new Variant(
                "calllog, codec `default` (LZ4)", false, true, settings("default", refresh), mappings, d -> d));
        v.add(new Variant(
                "calllog, codec `best_compression`",
                false,
                true,
                settings("best_compression", refresh),
                mappings,
                d -> d));
        v.add(new Variant("calllog, refresh 1s", false, true, settings(codec, "1s"), mappings, d -> d));
        v.add(new Variant("calllog, refresh 30s", false, true, settings(codec, "30s"), mappings, d -> d));
        v.add(new Variant(
                "calllog, `data` not indexed (`enabled: false`)",
                false,
                true,
                settings,
                replace(
                        mappings,
                        "\"data\": { \"type\": \"flat_object\" }",
                        "\"data\": { \"type\": \"object\", \"enabled\": false }"),
                d -> d));
        v.add(new Variant(
                "calllog, `data` as an object of keywords and numbers (dynamic)",
                false,
                true,
                settings,
                replace(
                        replace(
                                mappings,
                                "\"data\": { \"type\": \"flat_object\" }",
                                "\"data\": { \"type\": \"object\", \"dynamic\": true }"),
                        "\"dynamic_templates\": [",
                        "\"dynamic_templates\": [ { \"data_strings\": { \"path_match\": \"data.*\", \"match_mapping_type\":"
                                + " \"string\", \"mapping\": { \"type\": \"keyword\", \"ignore_above\": 256 } } },"),
                d -> d));
        v.add(new Variant(
                "calllog, `message` without `.keyword`",
                false,
                true,
                settings,
                Pattern.compile(
                                "\"message\": \\{.*?\"fields\": \\{\\s*\"keyword\": \\{[^}]*\\}\\s*\\}\\s*\\}",
                                Pattern.DOTALL)
                        .matcher(mappings)
                        .replaceFirst("\"message\": { \"type\": \"text\", \"analyzer\": \"standard\" }"),
                d -> d));
        v.add(new Variant(
                "calllog, without `measures` and `labels`",
                false,
                true,
                settings,
                mappings,
                DocumentCost::withoutMeasures));
        v.add(new Variant(
                "calllog, `event_id` without doc values, `seq` not indexed (sorted only)",
                false,
                true,
                settings,
                replace(
                        replace(
                                mappings,
                                "\"event_id\": { \"type\": \"keyword\" }",
                                "\"event_id\": { \"type\": \"keyword\", \"doc_values\": false }"),
                        "\"seq\": { \"type\": \"long\" }",
                        "\"seq\": { \"type\": \"long\", \"index\": false }"),
                d -> d));
        v.add(new Variant(
                "calllog, fewer fields (no `event_id`, `seq`, `severity`, `category`)",
                false,
                true,
                settings,
                mappings,
                d -> d.replaceFirst(",\"event_id\":\"[^\"]*\",\"seq\":\\d+", "")
                        .replace(",\"severity\":9,\"category\":\"agent\"", "")));
        return v;
    }

    static String run(long events, int rounds) throws Exception {
        List<Variant> variants = variants();
        Map<Variant, List<double[]>> results = new LinkedHashMap<>();
        for (Variant v : variants) {
            results.put(v, new ArrayList<>());
        }
        StringBuilder md = new StringBuilder("## What a document costs the node\n\n");
        try (OpenSearchNode node = OpenSearchNode.builder().build().start()) {
            installTemplates(node.url());
            OpenSearchHttp http = node.http();
            long pid = node.pid().orElseThrow();
            Map<Variant, List<RawLoader.Prepared>> bodies = new LinkedHashMap<>();
            // Warm the node up with one load of each shape.
            for (int round = 0; round <= rounds; round++) {
                List<Variant> order = new ArrayList<>(variants);
                java.util.Collections.rotate(order, -round);
                for (Variant v : order) {
                    String index =
                            v.installed() ? "calllog-cost-r" + round : "cost-" + variants.indexOf(v) + "-r" + round;
                    if (!v.installed()) {
                        String body = "{\"settings\":" + v.settings() + ",\"mappings\":" + v.mappings() + "}";
                        OpenSearchHttp.Response r = http.put("/" + index, body);
                        if (!r.ok()) {
                            throw new IllegalStateException(v.name() + ": cannot create " + index + ": " + r);
                        }
                    }
                    long n = round == 0 ? Math.min(events, 4 * BATCH) : events;
                    double[] r = load(node.url(), http, pid, index, v, n);
                    if (round > 0) {
                        results.get(v).add(r);
                    }
                    http.delete(v.installed() ? "/_data_stream/" + index : "/" + index);
                    System.err.printf(
                            Locale.ROOT, "%s r%d: %.0f events/s, node %.2f CPU s/1M%n", v.name(), round, r[0], r[1]);
                }
            }
            md.append("The same ")
                    .append(RaceReport.fmt(events))
                    .append(" events bulk-loaded into one OpenSearch ")
                    .append(node.version())
                    .append(" node (heap ")
                    .append(System.getProperty(OpenSearchNode.HEAP_PROPERTY, OpenSearchNode.DEFAULT_HEAP))
                    .append("), pre-built, ")
                    .append(BATCH)
                    .append(" per request, one request at a time, into an index of its own per variant (1 shard, no"
                            + " replica). Node CPU from the first request until the index was refreshed and flushed, per"
                            + " million events; store: primary store size per million events after the flush. ")
                    .append(rounds)
                    .append(
                            " interleaved rounds after one of warm-up; medians. \"Plain document\": what a peer sends, the"
                                    + " same content as top-level fields (`@timestamp` in milliseconds, the ids, level, event,"
                                    + " message, the three key-values), no `_id`.\n\n");
        }
        double plain = median(results.get(variants.get(1)), 1);
        double plainKeyword = median(results.get(variants.get(2)), 1);
        double mine = median(results.get(variants.get(0)), 1);
        md.append("| document and option | node CPU s/1M | per round | vs plain (dynamic) | events/s | store MiB/1M |\n"
                + "|---|---:|---|---:|---:|---:|\n");
        for (Map.Entry<Variant, List<double[]>> e : results.entrySet()) {
            List<double[]> r = e.getValue();
            List<String> each = new ArrayList<>();
            for (double[] x : r) {
                each.add(RaceReport.dec(x[1]));
            }
            md.append("| ")
                    .append(e.getKey().name())
                    .append(" | ")
                    .append(RaceReport.dec(median(r, 1)))
                    .append(" | ")
                    .append(String.join(" / ", each))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2fx", median(r, 1) / plain))
                    .append(" | ")
                    .append(RaceReport.fmt(median(r, 0)))
                    .append(" | ")
                    .append(RaceReport.dec(median(r, 2)))
                    .append(" |\n");
        }
        md.append(String.format(
                Locale.ROOT,
                "%nThe project's document under its template: %.2fx the node CPU per event of the plain document with"
                        + " dynamic mapping, %.2fx with keyword mapping (target at most 1.1x: %s).%n",
                mine / plain,
                mine / plainKeyword,
                mine <= 1.1 * plain ? "met" : "not met"));
        return md.toString();
    }

    /** Loads {@code n} events of {@code v} into {@code index}; returns events/s, node CPU s/1M, store MiB/1M. */
    private static double[] load(String url, OpenSearchHttp http, long pid, String index, Variant v, long n)
            throws IOException {
        List<RawLoader.Prepared> prepared = new ArrayList<>();
        try (RawLoader loader = new RawLoader(url)) {
            for (long from = 0; from < n; from += BATCH) {
                prepared.add(loader.prepare("/" + index + "/_bulk" + FILTER, body(v, from, BATCH), false, BATCH));
            }
            long cpu0 = RaceDriver.cpuNanos(List.of(pid));
            long t0 = System.nanoTime();
            long sent = loader.send(prepared, prepared.size());
            long t1 = System.nanoTime();
            loader.call("POST", "/" + index + "/_refresh", null);
            loader.call("POST", "/" + index + "/_flush", null);
            long cpu1 = RaceDriver.cpuNanos(List.of(pid));
            String stats = loader.call("GET", "/" + index + "/_stats/store,docs?filter_path=_all.primaries", null);
            Matcher size = Pattern.compile("\"size_in_bytes\":(\\d+)").matcher(stats);
            Matcher count = Pattern.compile("\"count\":(\\d+)").matcher(stats);
            if (!count.find() || Long.parseLong(count.group(1)) != sent) {
                throw new IllegalStateException(v.name() + ": " + sent + " sent, the index says " + stats);
            }
            double perMillion = 1e6 / sent;
            return new double[] {
                sent * 1e9 / (t1 - t0),
                (cpu1 - cpu0) / 1e9 * perMillion,
                size.find() ? Long.parseLong(size.group(1)) / 1048576.0 * perMillion : Double.NaN
            };
        }
    }

    /** {@code count} bulk items of {@code v}, events {@code [from, from + count)}. */
    static byte[] body(Variant v, long from, int count) {
        StringBuilder sb = new StringBuilder(count * 420);
        Instant base = Instant.parse("2026-11-23T18:00:00Z");
        for (long i = from; i < from + count; i++) {
            Instant at = base.plusNanos(i * 37_013L);
            String id = "k7q3m2x9d0a1p-" + i;
            sb.append(v.withId() ? "{\"create\":{\"_id\":\"" + id + "\"}}\n" : "{\"create\":{}}\n");
            int latency = 400 + (int) (i & 1023);
            int turn = 1 + (int) (i & 15);
            if (v.plain()) {
                sb.append("{\"@timestamp\":\"")
                        .append(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                        .append(
                                "\",\"call_id\":\"call-7f3a9c21\",\"agent_id\":\"agent-support\",\"level\":\"INFO\","
                                        + "\"event\":\"agent_message_sent\",\"message\":\"Which order number?\",\"latency_ms\":")
                        .append(latency)
                        .append(",\"turn\":")
                        .append(turn)
                        .append(",\"model\":\"gpt-4o-mini\"}\n");
            } else {
                String doc = "{\"@timestamp\":\"" + at + "\",\"event_id\":\"" + id + "\",\"seq\":" + i
                        + ",\"call_id\":\"call-7f3a9c21\",\"agent_id\":\"agent-support\",\"level\":\"INFO\",\"severity\":9,"
                        + "\"category\":\"agent\",\"event\":\"agent_message_sent\",\"message\":\"Which order number?\","
                        + "\"data\":{\"latency_ms\":" + latency + ",\"turn\":" + turn + ",\"model\":\"gpt-4o-mini\"},"
                        + "\"measures\":{\"latency_ms\":" + latency + ",\"turn\":" + turn + "}}";
                sb.append(v.doc().apply(doc)).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String withoutMeasures(String doc) {
        return doc.replaceFirst(",\"measures\":\\{[^}]*\\}", "");
    }

    private static double median(List<double[]> runs, int k) {
        double[] v = runs.stream().mapToDouble(r -> r[k]).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String settings(String codec, String refresh) {
        return "{\"index\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"" + refresh + "\""
                + (codec.equals("default") ? "" : ",\"codec\":\"" + codec + "\"") + "}}";
    }

    /** The {@code mappings} object of the project's mappings component, as shipped. */
    static String templateMappings() throws IOException {
        String json = resource("calllog-mappings.json");
        int start = json.indexOf("\"mappings\":");
        int brace = json.indexOf('{', start);
        int depth = 0;
        for (int i = brace; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return json.substring(brace, i + 1);
            }
        }
        throw new IllegalStateException("no mappings in calllog-mappings.json");
    }

    /** A setting of the project's settings component, as shipped ({@code default} when absent). */
    static String setting(String name) throws IOException {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*\"([^\"]*)\"").matcher(resource("calllog-settings.json"));
        return m.find() ? m.group(1) : "default";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DocumentCost.class.getClassLoader().getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IOException("no resource " + TEMPLATES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String replace(String s, String what, String with) {
        if (!s.contains(what)) {
            throw new IllegalStateException("the template no longer contains " + what);
        }
        return s.replace(what, with);
    }

    private static void installTemplates(String url) throws Exception {
        CallLogConfig config = new CallLogConfig();
        config.addUrl(url);
        try (OpenSearchHttpTransport transport = OpenSearchHttpTransport.create(config)) {
            new TemplateInstaller(transport, StatusSink.stderr()).install();
        }
    }
}
