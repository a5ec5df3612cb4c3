package dev.calllog.testsupport.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every framework adapter must meet: the same logical calls yield the same documents, field by field,
 * apart from {@code event_id}, {@code @timestamp} and {@code seq}. Each adapter module extends this class with a driver
 * for each of its paths; the documents are shipped to, and read back from, a real OpenSearch node.
 */
@WithOpenSearch
public abstract class CallLogConformanceSuite {

    /** A new driver for the path under test. */
    protected abstract CallLogDriver driver();

    /**
     * Logs every case through one driver, reads back what the node holds, and checks each case as a test of its own
     * (named after the case), then that nothing else arrived.
     */
    @TestFactory
    List<DynamicTest> everyCaseYieldsItsDocumentThroughARealNode(OpenSearchNode node) throws Exception {
        List<ConformanceCase> cases = new ArrayList<>();
        Map<String, JsonObject> actual;
        Map<String, JsonObject> expected = new LinkedHashMap<>();
        boolean delivered;
        try (CallLogDriver driver = driver()) {
            String dataStream =
                    "calllog-conformance-" + driver.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            driver.start(node.url(), dataStream);
            for (ConformanceCase c : ConformanceCase.all()) {
                if (c.needsFatal() && !driver.hasFatal()) {
                    continue;
                }
                cases.add(c);
                driver.log(c.call());
            }
            delivered = driver.flush(60_000);
            actual = readBack(node, dataStream);
            for (ConformanceCase c : cases) {
                JsonObject e = c.expected() == null ? null : parse(c.expected());
                if (e != null && driver.throughSlf4jOnLog4j()) {
                    e = ConformanceCase.throughSlf4jOnLog4j(c, e);
                }
                if (e != null) {
                    expected.put(e.getString("call_id"), e);
                }
            }
        }

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("every event delivered in time", () -> assertTrue(delivered)));
        for (ConformanceCase c : cases) {
            String callId = c.call().context().get("call_id");
            if (callId == null || callId.isBlank()) {
                continue; // cannot be told apart in the node; the last test checks that nothing unexpected arrived
            }
            JsonObject e = expected.get(callId);
            tests.add(dynamicTest(
                    c.name(),
                    () -> assertEquals(
                            e,
                            actual.get(callId),
                            "case " + c.name() + (e == null ? ": no document for " : ": the document of ") + callId)));
        }
        tests.add(dynamicTest(
                "no document besides the expected ones", () -> assertEquals(expected.keySet(), actual.keySet())));
        return tests;
    }

    /**
     * Logs {@code call} through a started {@code driver} into a data stream of its own, runs {@code afterCall} on the
     * logging thread as soon as the logging call returned (to change what the application could change), and returns
     * the one document that arrived, without the fields that differ per run.
     */
    protected static JsonObject shipOne(
            CallLogDriver driver, OpenSearchNode node, String dataStream, LogCall call, Runnable afterCall)
            throws Exception {
        try (driver) {
            driver.start(node.url(), dataStream);
            driver.log(call);
            afterCall.run();
            assertTrue(driver.flush(60_000), "the event delivered in time");
        }
        Map<String, JsonObject> docs = readBack(node, dataStream);
        assertEquals(1, docs.size(), "one document: " + docs);
        return docs.values().iterator().next();
    }

    /** Every document of the data stream by call id, without the fields that differ per run. */
    private static Map<String, JsonObject> readBack(OpenSearchNode node, String dataStream) {
        OpenSearchHttp http = new OpenSearchHttp(node.url());
        assertTrue(http.post("/" + dataStream + "/_refresh", "").ok());
        OpenSearchHttp.Response res =
                http.post("/" + dataStream + "/_search", "{\"size\":1000,\"sort\":[{\"seq\":\"asc\"}]}");
        assertTrue(res.ok(), res.toString());
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (JsonValue hit : parse(res.body()).getJsonObject("hits").getJsonArray("hits")) {
            JsonObject source = hit.asJsonObject().getJsonObject("_source");
            assertTrue(source.getString("event_id").endsWith("-" + source.getJsonNumber("seq")), source.toString());
            JsonObjectBuilder b = Json.createObjectBuilder(source);
            b.remove("event_id").remove("@timestamp").remove("seq");
            JsonObject doc = b.build();
            JsonObject previous = out.put(doc.getString("call_id"), doc);
            assertEquals(null, previous, "one document per case: " + doc);
        }
        return out;
    }

    private static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }
}
