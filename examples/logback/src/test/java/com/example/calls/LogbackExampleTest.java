package com.example.calls;

import dev.calllog.testsupport.examples.CallLogCluster;
import dev.calllog.testsupport.examples.Documents;
import dev.calllog.testsupport.examples.ExampleProcess;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Main} with the README's {@code logback.xml} against a real node and reads every document back: the
 * SLF4J program's three calls ({@code expected-documents.json}, the same file as in the slf4j-on-log4j example) and
 * the StructuredArguments call ({@code expected-structured-arguments.json}).
 */
class LogbackExampleTest {
    private static CallLogCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = CallLogCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyCallArrivesAsTheReadmeSays() throws Exception {
        String prefix = "logback-" + UUID.randomUUID().toString().substring(0, 8);

        ExampleProcess run = ExampleProcess.run(Main.class, cluster.environment(), prefix);

        List<JsonObject> expected = new ArrayList<>(Documents.expected("expected-documents.json", prefix));
        expected.addAll(Documents.expected("expected-structured-arguments.json", prefix));
        List<JsonObject> actual = cluster.documents(prefix);
        Documents.save(actual, prefix);
        try {
            Documents.assertSame(actual, expected, run.started(), run.ended());
        } catch (AssertionError e) {
            System.err.println("Output of the application:\n" + run.output());
            cluster.keepLogs();
            throw e;
        }
    }
}
