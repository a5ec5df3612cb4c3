package dev.calllog.testsupport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The examples that promise the same documents hold the same program and the same expectation: the SLF4J program runs
 * unchanged on Logback and on Log4j, and the Log4j API example's first calls yield its documents. Each example keeps
 * its own copy, so that it stands alone.
 */
class ExamplesShareOneProgramTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void theSlf4jProgramIsTheSameOnLogbackAndOnLog4j() throws IOException {
        String program = "src/main/java/com/example/calls/Calls.java";

        assertThat(Files.readString(EXAMPLES.resolve("slf4j-on-log4j").resolve(program)))
                .as("examples/slf4j-on-log4j/%s is examples/logback/%s", program, program)
                .isEqualTo(Files.readString(EXAMPLES.resolve("logback").resolve(program)));
    }

    @Test
    void theSlf4jProgramsDocumentsAreExpectedAlike() throws IOException {
        String expected = "src/test/resources/expected-documents.json";
        String logback = Files.readString(EXAMPLES.resolve("logback").resolve(expected));

        assertThat(Files.readString(EXAMPLES.resolve("slf4j-on-log4j").resolve(expected)))
                .as("examples/slf4j-on-log4j/%s", expected)
                .isEqualTo(logback);
        assertThat(Files.readString(EXAMPLES.resolve("log4j-api").resolve(expected)))
                .as("examples/log4j-api/%s", expected)
                .isEqualTo(logback);
    }
}
