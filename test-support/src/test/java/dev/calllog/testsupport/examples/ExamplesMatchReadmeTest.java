package dev.calllog.testsupport.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every example's logging configuration is one of the README's snippets, character for character: a user who copies
 * the README gets the configuration the examples prove.
 */
class ExamplesMatchReadmeTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern XML_BLOCK = Pattern.compile("(?m)^```xml\n(.*?)^```", Pattern.DOTALL);

    /** The configuration files the examples must take from the README, as {@code examples/<name>/<path>}. */
    private static final List<String> CONFIGURATIONS = List.of(
            "logback/src/main/resources/logback.xml",
            "log4j-api/src/main/resources/log4j2.xml",
            "slf4j-on-log4j/src/main/resources/log4j2.xml",
            "spring-boot/src/main/resources/logback-spring.xml");

    @Test
    void everyExamplesConfigurationIsASnippetOfTheReadme() throws IOException {
        List<String> snippets = readmeXmlBlocks();
        List<String> differing = new ArrayList<>();
        for (String configuration : CONFIGURATIONS) {
            String text = Files.readString(ROOT.resolve("examples").resolve(configuration), StandardCharsets.UTF_8);
            if (!snippets.contains(text)) {
                differing.add("examples/" + configuration);
            }
        }

        assertThat(differing)
                .as("example configurations that differ from every xml block of README.md")
                .isEmpty();
    }

    @Test
    void everyExamplesConfigurationIsChecked() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(ROOT.resolve("examples"))) {
            found = files.filter(f -> f.toString().replace('\\', '/').contains("/src/main/resources/"))
                    .filter(f -> f.getFileName().toString().matches("(logback|logback-spring|log4j2)\\.xml"))
                    .map(f -> ROOT.resolve("examples").relativize(f).toString().replace('\\', '/'))
                    .toList();
        }

        assertThat(found).containsExactlyInAnyOrderElementsOf(CONFIGURATIONS);
    }

    /** The README's top-level {@code ```xml} blocks, each as a file holds it: with a final line break. */
    private static List<String> readmeXmlBlocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = XML_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("xml blocks in README.md").isNotEmpty();
        return blocks;
    }
}
