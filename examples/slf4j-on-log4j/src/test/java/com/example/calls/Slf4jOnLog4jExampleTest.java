package com.example.calls;

import dev.calllog.testsupport.examples.CallLogCluster;
import dev.calllog.testsupport.examples.ExampleRun;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Runs the SLF4J program of the logback example, unchanged, on Log4j with the README's {@code log4j2.xml}, against a
 * real node: the documents must be the ones it yields on Logback ({@code expected-documents.json}, the same file),
 * key-values and the two-marker CRITICAL event included.
 */
class Slf4jOnLog4jExampleTest {
    @AutoClose
    private static final CallLogCluster cluster = CallLogCluster.start();

    @Test
    void theSameProgramGivesTheSameDocumentsAsOnLogback() throws Exception {
        ExampleRun.assertYields(cluster, Main.class, "slf4j-log4j", "expected-documents.json");
    }
}
