package dev.calllog.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The manifest lists every asset once, in an order OpenSearch accepts, and each body names its version. */
class ManifestTest {
    private static final String BASE = "/dev/calllog/templates/";
    private static final Pattern META = Pattern.compile(
            "\"_meta\"\\s*:\\s*\\{\\s*\"version\"\\s*:\\s*[1-9][0-9]*\\s*,\\s*\"managed_by\"\\s*:\\s*\"calllog\"\\s*[,}]");
    private static final Pattern MONITOR_VERSION =
            Pattern.compile("\"calllog\"\\s*:\\s*\\{\\s*\"version\"\\s*:\\s*[1-9][0-9]*\\s*}");

    @Test
    void listsTheComponentTemplatesBeforeTheIndexTemplateThatUsesThem() throws IOException {
        assertThat(entries())
                .containsExactly(
                        "component_template calllog-settings component/calllog-settings.json",
                        "component_template calllog-mappings component/calllog-mappings.json",
                        "index_template calllog index/calllog.json",
                        "ism_policy calllog ism/calllog.json",
                        "monitor calllog-critical-events alerting/calllog-critical-events.json",
                        "monitor calllog-error-rate alerting/calllog-error-rate.json",
                        "monitor calllog-error-rate-by-agent alerting/calllog-error-rate-by-agent.json",
                        "monitor calllog-error-rate-by-account alerting/calllog-error-rate-by-account.json",
                        "security_role calllog_writer security/calllog-writer.json",
                        "security_role calllog_tenant_reader security/calllog-tenant-reader.json");
    }

    @Test
    void everyTemplateExistsAndCarriesItsVersionInMeta() throws IOException {
        for (String entry : entries()) {
            String[] parts = entry.split(" ");
            if (parts[0].endsWith("_template")) {
                assertThat(read(BASE + parts[2])).as(parts[2]).containsPattern(META);
            }
        }
    }

    @Test
    void everyMonitorIsNamedAsInTheManifestAndCarriesItsVersion() throws IOException {
        for (String entry : entries()) {
            String[] parts = entry.split(" ");
            if (parts[0].equals("monitor")) {
                assertThat(read(BASE + parts[2]))
                        .as(parts[2])
                        .contains("\"name\": \"" + parts[1] + "\"")
                        .containsPattern(MONITOR_VERSION);
            }
        }
    }

    @Test
    void indexTemplateMakesDataStreamsFromBothComponents() throws IOException {
        String body = read(BASE + "index/calllog.json");
        assertThat(body)
                .contains("\"index_patterns\": [\"calllog-*\"]")
                .contains("\"data_stream\": {}")
                .contains("\"composed_of\": [\"calllog-settings\", \"calllog-mappings\"]");
    }

    private static List<String> entries() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String line : read(BASE + "manifest.txt").split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                entries.add(String.join(" ", trimmed.split("\\s+")));
            }
        }
        return entries;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ManifestTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
