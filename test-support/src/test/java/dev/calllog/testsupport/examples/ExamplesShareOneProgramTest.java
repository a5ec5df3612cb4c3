package dev.calllog.testsupport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The examples that promise the same documents hold the same program and the same expectation: the SLF4J program runs
 * unchanged on Logback and on Log4j, and the Log4j API example's first calls yield its documents. On Log4j through
 * {@code log4j-slf4j2-impl} the expectation differs only where the README says the bridge loses information: each
 * key-value arrives as its string. Each example keeps its own copy, so that it stands alone.
 */
class ExamplesShareOneProgramTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String EXPECTED = "src/test/resources/expected-documents.json";

    @Test
    void theSlf4jProgramIsTheSameOnLogbackAndOnLog4j() throws IOException {
        String program = "src/main/java/com/example/calls/Calls.java";

        assertThat(Files.readString(EXAMPLES.resolve("slf4j-on-log4j").resolve(program)))
                .as("examples/slf4j-on-log4j/%s is examples/logback/%s", program, program)
                .isEqualTo(Files.readString(EXAMPLES.resolve("logback").resolve(program)));
    }

    @Test
    void theLog4jApiCallsAreExpectedToGiveTheSlf4jProgramsDocuments() throws IOException {
        assertThat(Files.readString(EXAMPLES.resolve("log4j-api").resolve(EXPECTED)))
                .as("examples/log4j-api/%s", EXPECTED)
                .isEqualTo(Files.readString(EXAMPLES.resolve("logback").resolve(EXPECTED)));
    }

    @Test
    void throughTheBridgeOnlyKeyValuesBecomeStrings() throws IOException {
        JsonArray logback = read("logback");
        JsonArrayBuilder bridged = Json.createArrayBuilder();
        for (JsonValue doc : logback) {
            JsonObjectBuilder b = Json.createObjectBuilder(doc.asJsonObject());
            b.add("data", numbersAsStrings(doc.asJsonObject().getJsonObject("data")));
            bridged.add(b);
        }

        assertThat(read("slf4j-on-log4j"))
                .as("examples/slf4j-on-log4j/%s: the logback example's documents, key-values as strings", EXPECTED)
                .isEqualTo(bridged.build());
    }

    private static JsonObject numbersAsStrings(JsonObject data) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        data.forEach((k, v) -> {
            if (v instanceof JsonNumber n) {
                b.add(k, n.toString());
            } else {
                b.add(k, v);
            }
        });
        return b.build();
    }

    private static JsonArray read(String example) throws IOException {
        try (JsonReader r = Json.createReader(
                new StringReader(Files.readString(EXAMPLES.resolve(example).resolve(EXPECTED))))) {
            return r.readArray();
        }
    }
}
