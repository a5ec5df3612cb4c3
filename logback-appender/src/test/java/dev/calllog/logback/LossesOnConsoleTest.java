package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user who copies the README's {@code logback.xml} (no status listener) sees lost events on standard error, without
 * reading the manual; {@code lossesToConsole=false} keeps the console quiet.
 */
class LossesOnConsoleTest {
    @TempDir
    Path dir;

    @Test
    void aLossIsPrintedOnStandardErrorWithTheReadmeConfiguration() throws Exception {
        String stderr = run(readmeLogbackXml());
        assertThat(stderr).contains("[calllog] WARN appender 'CALLLOG': Call-log events lost so far: 1 dropped");
    }

    @Test
    void lossesToConsoleFalseKeepsTheConsoleQuiet() throws Exception {
        String xml =
                readmeLogbackXml().replace("</appender>", "  <lossesToConsole>false</lossesToConsole>\n  </appender>");
        String stderr = run(xml);
        assertThat(stderr).doesNotContain("[calllog]");
    }

    /** The README's first {@code logback.xml} example, as users copy it. */
    static String readmeLogbackXml() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```xml\n<configuration>");
        assertThat(start).as("the README's logback.xml example").isNotNegative();
        int end = readme.indexOf("```", start + 6);
        String xml = readme.substring(start + "```xml\n".length(), end);
        assertThat(xml).contains("dev.calllog.logback.CallLogAppender").doesNotContain("statusListener");
        return xml;
    }

    private String run(String xml) throws Exception {
        Path config = dir.resolve("logback.xml");
        Files.writeString(config, xml);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dlogback.configurationFile=" + config);
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
