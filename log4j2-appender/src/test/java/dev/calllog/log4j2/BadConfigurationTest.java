package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code log4j2.xml} with a bad setting: the plugin reports an error naming the setting and the value through the
 * {@code StatusLogger}, the rest of the configuration works, and the appender does not start.
 */
class BadConfigurationTest {
    @TempDir
    static Path dir;

    private LoggerContext ctx;

    @BeforeEach
    void realEngine() {
        CallLogManager.engineFactory = CallLogManager.CALL_LOG_ENGINE;
    }

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.stop();
        }
    }

    static Stream<Arguments> badSettings() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        return Stream.of(
                Arguments.of(
                        "an event marker name that is not an event code",
                        "events=\"Sms Sent:messaging\"",
                        "<event>: event code 'sms sent' must be snake_case"),
                Arguments.of(
                        "an Event element with an unknown level",
                        "><Event code=\"sms_sent\" category=\"messaging\" level=\"LOUD\"/>",
                        "<event>: event 'sms_sent:messaging:LOUD' has level 'LOUD'; use INFO, WARNING, ERROR or"
                                + " CRITICAL"),
                Arguments.of(
                        "the reserved event name critical",
                        "events=\"CRITICAL:alerts\"",
                        "<event> 'critical' is reserved"),
                Arguments.of(
                        "an invalid URL",
                        "url=\"htp:/nowhere\"",
                        "<url> 'htp:/nowhere' is not an http:// or https:// URL with a host"),
                Arguments.of(
                        "a port out of range",
                        "url=\"http://localhost:92000\"",
                        "<url> 'http://localhost:92000' has port 92000: ports go up to 65535"),
                Arguments.of(
                        "a negative size",
                        "bufferBytes=\"-1048576\"",
                        "<bufferBytes> must be greater than 0, not -1048576"),
                Arguments.of(
                        "a size that is not a number",
                        "bufferBytes=\"64MB\"",
                        "<bufferBytes> '64MB' is not a whole number"),
                Arguments.of(
                        "a boolean that is neither true nor false",
                        "gzip=\"yes\"",
                        "<gzip> 'yes' is not true or false"),
                Arguments.of(
                        "a redact pattern that does not compile",
                        "redactPatterns=\"sk-[A-Z\"",
                        "<redactPattern> 'sk-[A-Z' is not a valid regular expression: Unclosed character class"),
                Arguments.of(
                        "a spool directory under a file",
                        "spoolDir=\"" + file.resolve("spool") + "\"",
                        "<spoolDir> '" + file.resolve("spool") + "' cannot be created: " + file
                                + " is a file, not a directory"),
                Arguments.of(
                        "a spool directory that is a file",
                        "spoolDir=\"" + file + "\"",
                        "<spoolDir> '" + file + "' cannot be used: it is a file, not a directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void isReportedNamingTheSettingAndTheValueAndTheAppenderDoesNotStart(
            String name, String attributes, String expected) throws Exception {
        String xml = "<Configuration status=\"off\"><Appenders><CallLog name=\"CALLLOG\" installTemplates=\"false\" "
                + (attributes.startsWith(">") ? attributes + "</CallLog>" : attributes + "/>")
                + "</Appenders><Loggers><Root level=\"info\"><AppenderRef ref=\"CALLLOG\"/></Root>"
                + "</Loggers></Configuration>";
        List<String> errors;
        try (StatusCapture status = StatusCapture.open(Level.ERROR)) {
            ctx = new LoggerContext("bad-configuration");
            ctx.start(new XmlConfiguration(
                    ctx, new ConfigurationSource(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))));
            errors = status.messages(Level.ERROR);
        }

        assertThat(errors).anySatisfy(m -> assertThat(m)
                .startsWith("CallLog appender 'CALLLOG': Call-log appender setting " + expected));
        assertThat(errors).anySatisfy(m -> assertThat(m).startsWith("CallLog appender 'CALLLOG': not started"));
        assertThat(ctx.isStarted()).isTrue();
        assertThat(TestContexts.appender(ctx).isStarted()).isFalse();
    }
}
