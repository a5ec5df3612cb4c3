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
 * Runs {@link Main} with the README's {@code log4j2.xml} against a real node and reads every document back: the first
 * three calls give the documents of the SLF4J program ({@code expected-documents.json}, the same file as in the
 * logback example), the fourth what the configuration adds ({@code expected-log4j2-xml.json}).
 */
class Log4jApiExampleTest {
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
    void theCallsGiveTheSameDocumentsAsTheSlf4jProgram() throws Exception {
        String prefix = "log4j-api-" + UUID.randomUUID().toString().substring(0, 8);

        ExampleProcess run = ExampleProcess.run(Main.class, cluster.environment(), prefix);

        List<JsonObject> expected = new ArrayList<>(Documents.expected("expected-documents.json", prefix));
        expected.addAll(Documents.expected("expected-log4j2-xml.json", prefix));
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
