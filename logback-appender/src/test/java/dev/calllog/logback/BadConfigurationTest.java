package dev.calllog.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code logback.xml} with a bad setting: the appender reports an error naming the XML element and the value through
 * Logback's status manager (which prints errors found while configuring), and does not start.
 */
class BadConfigurationTest {
    @TempDir
    static Path dir;

    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    static Stream<Arguments> badSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        return Stream.of(
                Arguments.of(
                        "an event marker name that is not an event code",
                        "<event>Sms Sent:messaging</event>",
                        "<event>: event code 'sms sent' must be snake_case"),
                Arguments.of(
                        "an event with an unknown level",
                        "<event>sms_sent:messaging:LOUD</event>",
                        "<event>: event 'sms_sent:messaging:LOUD' has level 'LOUD'; use INFO, WARNING, ERROR or"
                                + " CRITICAL"),
                Arguments.of(
                        "the reserved event name critical",
                        "<event>CRITICAL:alerts</event>",
                        "<event> 'critical' is reserved"),
                Arguments.of(
                        "an invalid URL",
                        "<url>htp:/nowhere</url>",
                        "<url> 'htp:/nowhere' is not an http:// or https:// URL with a host"),
                Arguments.of(
                        "a port out of range",
                        "<url>http://localhost:92000</url>",
                        "<url> 'http://localhost:92000' has port 92000: ports go up to 65535"),
                Arguments.of(
                        "a negative size",
                        "<bufferBytes>-1048576</bufferBytes>",
                        "<bufferBytes> must be greater than 0, not -1048576"),
                Arguments.of(
                        "a negative document size",
                        "<maxDocumentBytes>-1</maxDocumentBytes>",
                        "<maxDocumentBytes> must be at least 16384, not -1"),
                Arguments.of(
                        "a redact pattern that does not compile",
                        "<redactPattern>sk-[A-Z</redactPattern>",
                        "<redactPattern> 'sk-[A-Z' is not a valid regular expression: Unclosed character class"),
                Arguments.of(
                        "a spool directory under a file",
                        "<spoolDir>" + file.resolve("spool") + "</spoolDir>",
                        "<spoolDir> '" + file.resolve("spool") + "' cannot be created: " + file
                                + " is a file, not a directory"),
                Arguments.of(
                        "a spool directory that is a file",
                        "<spoolDir>" + file + "</spoolDir>",
                        "<spoolDir> '" + file + "' cannot be used: it is a file, not a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void isReportedNamingTheElementAndTheValueAndTheAppenderDoesNotStart(String name, String element, String expected)
            throws Exception {
        context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        String xml = "<configuration><appender name=\"CALLLOG\" class=\"dev.calllog.logback.CallLogAppender\">"
                + "<installTemplates>false</installTemplates>" + element
                + "</appender><root level=\"INFO\"><appender-ref ref=\"CALLLOG\"/></root></configuration>";
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        List<String> errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR)
                .map(Status::getMessage)
                .toList();
        assertThat(errors).anySatisfy(m -> assertThat(m).startsWith("Call-log appender setting " + expected));
        assertThat(errors).contains("Call-log appender [CALLLOG] not started: fix the settings above.");
        CallLogAppender appender = (CallLogAppender)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
        assertThat(appender.isStarted()).isFalse();
        assertThat(appender.getEngine()).isNull();
    }
}
