package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.testsupport.OpenSearchExtension;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's {@code logback.xml} and {@code log4j2.xml} examples, copied as they are into a fresh application (a
 * child JVM with only the environment variable {@code OPENSEARCH_URL} set), deliver the documents the README promises.
 */
@ExtendWith(OpenSearchExtension.class)
class ReadmeExamplesIT {
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL);

    private OpenSearchNode node;
    private String callId;

    @AfterEach
    void deleteTheExamplesDocuments() {
        if (callId != null) {
            delete(node, callId);
        }
    }

    @Test
    void logbackExample(OpenSearchNode node) throws Exception {
        String xml = readmeBlock("<appender name=\"CALLLOG\" class=\"dev.calllog.logback.CallLogAppender\">");
        callId = "call-readme-" + UUID.randomUUID();
        this.node = node;
        String output = runApp(node, "logback", "logback.configurationFile", xml, callId);

        List<JsonObject> docs = documents(node, callId);
        assertThat(docs).as(output).hasSize(2);
        assertThat(docs.get(0).getString("event")).isEqualTo("agent_message_sent");
        assertThat(docs.get(0).getString("agent_id")).isEqualTo("agent-support");
        assertThat(docs.get(0).getString("message")).isEqualTo("Which order number?");
        assertThat(docs.get(0).getJsonObject("data").toString()).isEqualTo("{\"latency_ms\":640}");
        assertThat(docs.get(1).getString("event")).isEqualTo("call_completed");
        assertThat(docs.get(1).getString("level")).isEqualTo("INFO");
    }

    @Test
    void log4jExample(OpenSearchNode node) throws Exception {
        String xml = readmeBlock("<CallLog name=\"CALLLOG\"");
        callId = "call-readme-" + UUID.randomUUID();
        this.node = node;
        String output = runApp(node, "log4j2", "log4j2.configurationFile", xml, callId);

        List<JsonObject> docs = documents(node, callId);
        assertThat(docs).as(output).hasSize(3);
        assertThat(docs.get(0).getString("event")).isEqualTo("agent_message_sent");
        assertThat(docs.get(0).getJsonObject("data").toString()).isEqualTo("{\"tenant\":\"t-9\",\"latency_ms\":640}");
        // The user event declared by <Event>, and the <RedactPattern>.
        assertThat(docs.get(1).getString("event")).isEqualTo("sms_sent");
        assertThat(docs.get(1).getString("category")).isEqualTo("messaging");
        assertThat(docs.get(1).getString("message")).isEqualTo("SMS sent with key [redacted]");
        assertThat(docs.get(2).getString("event")).isEqualTo("call_completed");
        // The README's Console appender prints every event, call-log or not.
        assertThat(output).contains("an ordinary log line").contains("[" + callId + "]");
    }

    private static String readmeBlock(String containing) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = XML_BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).contains(containing)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no xml block with " + containing + " in README.md");
    }

    private static String runApp(OpenSearchNode node, String framework, String property, String xml, String callId)
            throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "readme-" + framework, ".xml");
        Files.writeString(config, xml, StandardCharsets.UTF_8);
        String provider = framework.equals("logback")
                ? "ch.qos.logback.classic.spi.LogbackServiceProvider"
                : "org.apache.logging.slf4j.SLF4JServiceProvider";
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-D" + property + "=" + config.toAbsolutePath(),
                        "-Dslf4j.provider=" + provider,
                        ReadmeExampleApp.class.getName(),
                        framework,
                        callId)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/readme-" + framework + ".out"));
        pb.environment().put("OPENSEARCH_URL", node.url());
        pb.environment().remove("OPENSEARCH_USERNAME");
        pb.environment().remove("OPENSEARCH_PASSWORD");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the application ends").isTrue();
        String output = Files.readString(Path.of("target/readme-" + framework + ".out"));
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /**
     * The node is shared with the other tests of this module, whose dashboards read every {@code calllog-*} document:
     * leave nothing behind.
     */
    private static void delete(OpenSearchNode node, String callId) {
        // No _delete_by_query on this node (its module is not in the distribution): delete each hit from its
        // backing index.
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/calllog-events/_refresh", "").ok()).isTrue();
        OpenSearchHttp.Response hits = http.post(
                "/calllog-events/_search",
                "{\"size\":100,\"_source\":false,\"query\":{\"term\":{\"call_id\":\"" + callId + "\"}}}");
        assertThat(hits.ok()).as(hits.toString()).isTrue();
        StringBuilder bulk = new StringBuilder();
        try (JsonReader r = Json.createReader(new StringReader(hits.body()))) {
            for (JsonValue hit : r.readObject().getJsonObject("hits").getJsonArray("hits")) {
                JsonObject h = hit.asJsonObject();
                bulk.append("{\"delete\":{\"_index\":\"")
                        .append(h.getString("_index"))
                        .append("\",\"_id\":\"")
                        .append(h.getString("_id"))
                        .append("\"}}\n");
            }
        }
        if (bulk.length() > 0) {
            OpenSearchHttp.Response res = http.bulk("/_bulk?refresh=true", bulk.toString());
            assertThat(res.ok() && !res.body().contains("\"errors\":true"))
                    .as(res.toString())
                    .isTrue();
        }
        assertThat(documents(node, callId)).isEmpty();
    }

    private static List<JsonObject> documents(OpenSearchNode node, String callId) {
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertThat(http.post("/calllog-events/_refresh", "").ok()).isTrue();
        OpenSearchHttp.Response res = http.post(
                "/calllog-events/_search",
                "{\"size\":100,\"query\":{\"term\":{\"call_id\":\"" + callId + "\"}},"
                        + "\"sort\":[{\"@timestamp\":\"asc\"},{\"seq\":\"asc\"}]}");
        assertThat(res.ok()).as(res.toString()).isTrue();
        List<JsonObject> out = new ArrayList<>();
        try (JsonReader r = Json.createReader(new StringReader(res.body()))) {
            for (JsonValue hit : r.readObject().getJsonObject("hits").getJsonArray("hits")) {
                out.add(hit.asJsonObject().getJsonObject("_source"));
            }
        }
        return out;
    }
}
