package com.example.calls;

import dev.calllog.testsupport.examples.CallLogCluster;
import dev.calllog.testsupport.examples.Documents;
import dev.calllog.testsupport.examples.ExampleProcess;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the SLF4J program of the logback example, unchanged, on Log4j with the README's {@code log4j2.xml}, against a
 * real node: the documents must be the ones it yields on Logback ({@code expected-documents.json}, the same file),
 * key-values and the two-marker CRITICAL event included.
 */
class Slf4jOnLog4jExampleTest {
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
    void theSameProgramGivesTheSameDocumentsAsOnLogback() throws Exception {
        String prefix = "slf4j-log4j-" + UUID.randomUUID().toString().substring(0, 8);

        ExampleProcess run = ExampleProcess.run(Main.class, cluster.environment(), prefix);

        List<JsonObject> actual = cluster.documents(prefix);
        Documents.save(actual, prefix);
        try {
            Documents.assertSame(
                    actual, Documents.expected("expected-documents.json", prefix), run.started(), run.ended());
        } catch (AssertionError e) {
            System.err.println("Output of the application:\n" + run.output());
            cluster.keepLogs();
            throw e;
        }
    }
}
