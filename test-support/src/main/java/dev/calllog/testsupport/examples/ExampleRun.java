package dev.calllog.testsupport.examples;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An example's check: its calls, made now, are in OpenSearch as the expected documents say, field by field. */
public final class ExampleRun {
    /** How long documents may take to arrive from an application that keeps running. */
    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    private ExampleRun() {}

    /** A call-id prefix no earlier run used: {@code <name>-<8 hex digits>}. */
    public static String prefix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Runs {@code main} in a JVM of its own ({@link ExampleProcess}) with the cluster's environment and a fresh prefix
     * as its only argument, then asserts that the documents of that prefix are the documents of the
     * {@code expectedResources}, in order.
     */
    public static void assertYields(CallLogCluster cluster, Class<?> main, String name, String... expectedResources)
            throws IOException, InterruptedException {
        String prefix = prefix(name);
        ExampleProcess run = ExampleProcess.run(main, cluster.environment(), prefix);
        List<JsonObject> expected = new ArrayList<>();
        for (String resource : expectedResources) {
            expected.addAll(Documents.expected(resource, prefix));
        }
        List<JsonObject> actual = cluster.documents(prefix);
        compare(cluster, prefix, actual, expected, run.started(), run.ended(), run.output());
    }

    /**
     * Asserts that the documents of {@code prefix} are {@code expected}, in order, for calls made since {@code from}
     * by an application that keeps running: waits until as many have arrived, at most a minute.
     */
    public static void assertStored(CallLogCluster cluster, String prefix, List<JsonObject> expected, Instant from)
            throws IOException, InterruptedException {
        List<JsonObject> actual = cluster.documents(prefix, expected.size(), ARRIVAL);
        compare(cluster, prefix, actual, expected, from, Instant.now(), null);
    }

    private static void compare(
            CallLogCluster cluster,
            String prefix,
            List<JsonObject> actual,
            List<JsonObject> expected,
            Instant from,
            Instant to,
            String output)
            throws IOException {
        Documents.save(actual, prefix);
        try {
            Documents.assertSame(actual, expected, from, to);
        } catch (AssertionError e) {
            if (output != null) {
                System.err.println("Output of the application:\n" + output);
            }
            cluster.keepLogs();
            throw e;
        }
    }
}
