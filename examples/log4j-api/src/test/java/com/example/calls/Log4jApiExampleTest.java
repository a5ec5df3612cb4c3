package com.example.calls;

import dev.calllog.testsupport.examples.CallLogCluster;
import dev.calllog.testsupport.examples.ExampleRun;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Main} with the README's {@code log4j2.xml} against a real node and reads every document back: the first
 * three calls give the documents of the SLF4J program ({@code expected-documents.json}, the same file as in the
 * logback example), the fourth what the configuration adds ({@code expected-log4j2-xml.json}).
 */
class Log4jApiExampleTest {
    @AutoClose
    private static final CallLogCluster cluster = CallLogCluster.start();

    @Test
    void theCallsGiveTheSameDocumentsAsTheSlf4jProgram() throws Exception {
        ExampleRun.assertYields(
                cluster, Main.class, "log4j-api", "expected-documents.json", "expected-log4j2-xml.json");
    }
}
