package com.example.calls;

import dev.calllog.testsupport.examples.CallLogCluster;
import dev.calllog.testsupport.examples.ExampleRun;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link Main} with the README's {@code logback.xml} against a real node and reads every document back: the
 * SLF4J program's three calls ({@code expected-documents.json}, the same file as in the slf4j-on-log4j example) and
 * the StructuredArguments call ({@code expected-structured-arguments.json}).
 */
class LogbackExampleTest {
    @AutoClose
    private static final CallLogCluster cluster = CallLogCluster.start();

    @Test
    void everyCallArrivesAsTheReadmeSays() throws Exception {
        ExampleRun.assertYields(
                cluster, Main.class, "logback", "expected-documents.json", "expected-structured-arguments.json");
    }
}
