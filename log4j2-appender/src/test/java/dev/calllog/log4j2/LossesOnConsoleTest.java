package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who copies the README's {@code log4j2.xml} sees lost events on standard error without reading the manual:
 * through Log4j's {@code StatusLogger} where it prints warnings (the README's {@code status="warn"}), else on standard
 * error directly; once either way. {@code lossesToConsole="false"} keeps the console quiet.
 */
class LossesOnConsoleTest {
    private static final String LOSS = "Call-log events lost so far: 1 dropped";

    @TempDir
    Path dir;

    @Test
    void aLossReachesStandardErrorThroughTheStatusLoggerWithTheReadmeConfiguration() throws Exception {
        String stderr = run(readmeLog4j2Xml());
        assertThat(count(stderr, LOSS)).as(stderr).isEqualTo(1);
        assertThat(stderr).doesNotContain("[calllog]");
    }

    @Test
    void withoutStatusWarnTheLossIsPrintedOnStandardErrorDirectly() throws Exception {
        String stderr = run(readmeLog4j2Xml().replace("<Configuration status=\"warn\">", "<Configuration>"));
        assertThat(count(stderr, LOSS)).as(stderr).isEqualTo(1);
        assertThat(stderr).contains("[calllog] WARN appender 'CALLLOG': " + LOSS);
    }

    @Test
    void lossesToConsoleFalseKeepsTheConsoleQuiet() throws Exception {
        String xml = readmeLog4j2Xml()
                .replace("<Configuration status=\"warn\">", "<Configuration>")
                .replace("<CallLog name=\"CALLLOG\"", "<CallLog name=\"CALLLOG\" lossesToConsole=\"false\"");
        String stderr = run(xml);
        assertThat(stderr).doesNotContain("[calllog]").doesNotContain("Call-log events lost");
    }

    /** The README's {@code log4j2.xml} example, as users copy it. */
    static String readmeLog4j2Xml() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```xml\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Configuration");
        assertThat(start).as("the README's log4j2.xml example").isNotNegative();
        int end = readme.indexOf("```", start + 6);
        String xml = readme.substring(start + "```xml\n".length(), end);
        assertThat(xml).contains("<CallLog name=\"CALLLOG\"").contains("<Configuration status=\"warn\">");
        return xml;
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private String run(String xml) throws Exception {
        Path config = dir.resolve("log4j2.xml");
        Files.writeString(config, xml);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dlog4j2.configurationFile=" + config);
        cmd.add(LossProgram.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OPENSEARCH_URL", "http://127.0.0.1:" + closedPort);
        pb.environment().remove("OPENSEARCH_USERNAME");
        pb.environment().remove("OPENSEARCH_PASSWORD");
        Process p = pb.start();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the program ends").isTrue();
        return new String(err, StandardCharsets.UTF_8);
    }
}
