package dev.calllog.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.plugins.util.PluginManager;
import org.apache.logging.log4j.core.config.plugins.util.PluginType;
import org.apache.logging.log4j.message.StringMapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    private FakeEngines engines;
    private LoggerContext ctx;

    @BeforeEach
    void installEngines() {
        engines = FakeEngines.install();
    }

    @AfterEach
    void stopContext() {
        if (ctx != null) {
            ctx.stop();
        }
        ThreadContext.clearMap();
    }

    @Test
    void thePluginDescriptorListsTheAppenderAndItsElements() throws Exception {
        // What Log4j reads when a configuration has no `packages` attribute.
        PluginManager plugins = new PluginManager(Core.CATEGORY_NAME);
        plugins.collectPlugins();
        PluginType<?> type = plugins.getPluginType("calllog");
        assertThat(type).isNotNull();
        assertThat(type.getPluginClass()).isEqualTo(CallLogAppender.class);
        assertThat(type.getElementName()).isEqualTo("appender");
        assertThat(plugins.getPluginType("event").getPluginClass()).isEqualTo(EventElement.class);
        assertThat(plugins.getPluginType("redactpattern").getPluginClass()).isEqualTo(RedactPatternElement.class);

        try (InputStream in = CallLogAppender.class
                .getClassLoader()
                .getResourceAsStream("META-INF/native-image/log4j-generated/dev.calllog/calllog-log4j2-appender/"
                        + "reflect-config.json")) {
            assertThat(in).as("GraalVM reachability metadata").isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("dev.calllog.log4j2.CallLogAppender");
        }
    }

    @Test
    void everyAttributeOfTheXmlConfigurationReachesTheSettings() {
        ctx = TestContexts.start("log4j2-test.xml");

        CallLogAppender appender = TestContexts.appender(ctx);
        assertThat(appender).isNotNull();
        assertThat(appender.isStarted()).isTrue();
        CallLogConfig c = appender.getConfig();

        assertThat(c.urls()).containsExactly("https://node1.example.com:9200", "https://node2.example.com:9200");
        assertThat(c.username()).isEqualTo("calllog_writer");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.trustStore()).isEqualTo(System.getProperty("java.home") + "/lib/security/cacerts");
        assertThat(c.trustStorePassword()).isEqualTo("changeit");
        assertThat(c.trustStoreType()).isEqualTo("JKS");
        assertThat(c.dataStream()).isEqualTo("calllog-test");
        assertThat(c.installTemplates()).isFalse();
        assertThat(c.minLevel()).isEqualTo(Level.WARNING);
        assertThat(c.callIdKey()).isEqualTo("callId");
        assertThat(c.agentIdKey()).isEqualTo("agentId");
        assertThat(c.accountIdKey()).isEqualTo("accountId");
        assertThat(c.traceIdKey()).isEqualTo("traceId");
        assertThat(c.turnIdKey()).isEqualTo("turnId");
        assertThat(c.mdcDataKeys()).containsExactly("tenant", "region");
        assertThat(c.catalog().find("sms_sent").category()).isEqualTo("messaging");
        assertThat(c.catalog().find("sms_failed").floor()).isEqualTo(Level.ERROR);
        EventDefinition survey = c.catalog().find("survey_sent");
        assertThat(survey.category()).isEqualTo("feedback");
        assertThat(survey.floor()).isEqualTo(Level.WARNING);
        assertThat(c.catalog().size()).isEqualTo(36 + 3);
        assertThat(c.redact()).isFalse();
        assertThat(c.internalHostPatterns()).isEqualTo("*.corp.example");
        assertThat(c.redactPatterns()).containsExactly("sk-[A-Za-z0-9]{20,}", "\\b\\d{13,19}\\b");
        assertThat(c.measureKeys()).containsExactly("latency_ms", "tokens");
        assertThat(c.labelKeys()).containsExactly("tool", "queue");
        assertThat(c.maxMessageChars()).isEqualTo(4096);
        assertThat(c.bufferBytes()).isEqualTo(1_048_576L);
        assertThat(c.batchMaxEvents()).isEqualTo(100);
        assertThat(c.batchMaxBytes()).isEqualTo(65_536);
        assertThat(c.lingerMillis()).isEqualTo(50L);
        assertThat(c.gzip()).isFalse();
        assertThat(c.connectTimeoutMillis()).isEqualTo(1000L);
        assertThat(c.requestTimeoutMillis()).isEqualTo(2000L);
        assertThat(c.maxRetries()).isEqualTo(3);
        assertThat(c.initialBackoffMillis()).isEqualTo(10L);
        assertThat(c.maxBackoffMillis()).isEqualTo(500L);
        assertThat(c.retryTimeoutMillis()).isEqualTo(60_000L);
        assertThat(c.shutdownTimeoutMillis()).isEqualTo(3000L);
        assertThat(c.deadLetterFile()).isEqualTo("target/calllog-dead-letter.ndjson");
        assertThat(c.deadLetterMaxBytes()).isEqualTo(2048L);
        assertThat(c.spoolDir()).isEqualTo("target/calllog-spool-config-test");
        assertThat(c.spoolMaxBytes()).isEqualTo(2_097_152L);
        assertThat(c.spoolFsyncMillis()).isEqualTo(250L);
        assertThat(c.overflowPolicy()).isEqualTo(dev.calllog.core.internal.config.OverflowPolicy.DROP_OLDEST);
        assertThat(c.blockTimeoutMillis()).isEqualTo(75L);
        assertThat(c.maxDocumentBytes()).isEqualTo(65_536);
        assertThat(c.validate()).isEmpty();

        // The engine was created from exactly these settings and started once.
        FakeEngines.FakeEngine engine = engines.only();
        assertThat(engine.config).isSameAs(c);
        assertThat(engine.starts).hasValue(1);
    }

    @Test
    void unsetAttributesKeepTheDefaults() {
        CallLogConfig c = CallLogAppender.newBuilder().setName("defaults").toConfig();
        CallLogConfig defaults = new CallLogConfig();

        assertThat(CallLogManager.managerName(c)).isEqualTo(CallLogManager.managerName(defaults));
        assertThat(c.dataStream()).isEqualTo(CallLogConfig.DEFAULT_DATA_STREAM);
        assertThat(c.minLevel()).isEqualTo(CallLogConfig.DEFAULT_MIN_LEVEL);
        assertThat(c.internalHostPatterns()).isEqualTo(CallLogConfig.DEFAULT_INTERNAL_HOST_PATTERNS);
        assertThat(c.measureKeys()).isEqualTo(defaults.measureKeys());
        assertThat(c.labelKeys()).isEqualTo(defaults.labelKeys());
        assertThat(c.deadLetterFile()).isNull();
        assertThat(c.trustStoreType()).isEqualTo("PKCS12");
        assertThat(c.redact()).isTrue();
        assertThat(c.bufferBytes()).isEqualTo(CallLogConfig.DEFAULT_BUFFER_BYTES);
    }

    @Test
    void theXmlConfiguredAppenderHandsCallLogEventsToTheEngine() {
        ctx = TestContexts.start("log4j2-test.xml");
        ThreadContext.put("callId", "call-42");
        ThreadContext.put("tenant", "acme");

        ctx.getLogger("agent").info(MarkerManager.getMarker("call_completed"), "call {} completed", "call-42");
        ctx.getLogger("agent").info("not a call-log event");
        ctx.getLogger("agent").warn(MarkerManager.getMarker("cfg_webhook"), new StringMapMessage().with("hook", "crm"));

        List<TestSourceEvent> events = engines.only().events;
        assertThat(events).hasSize(2);
        assertThat(events.get(0).markers()).containsExactly("call_completed");
        assertThat(events.get(0).message()).isEqualTo("call call-42 completed");
        assertThat(events.get(0).context()).isEqualTo(Map.of("callId", "call-42", "tenant", "acme"));
        assertThat(events.get(1).level()).isEqualTo(SourceLevel.WARN);
        assertThat(events.get(1).keyValues()).isEqualTo(Map.of("hook", "crm"));
    }

    @Test
    void propertiesConfiguration() {
        ctx = TestContexts.start("log4j2-calllog.properties");

        CallLogAppender appender = TestContexts.appender(ctx);
        assertThat(appender.isStarted()).isTrue();
        CallLogConfig c = appender.getConfig();
        assertThat(c.urls()).containsExactly("http://localhost:9201");
        assertThat(c.dataStream()).isEqualTo("calllog-props");
        assertThat(c.minLevel()).isEqualTo(Level.DEBUG);
        assertThat(c.mdcDataKeys()).containsExactly("tenant");
        assertThat(c.catalog().find("sms_sent").floor()).isEqualTo(Level.INFO);
        assertThat(c.catalog().find("survey_sent").category()).isEqualTo("feedback");
        assertThat(c.redactPatterns()).containsExactly("\\b\\d{16}\\b");
        assertThat(c.batchMaxEvents()).isEqualTo(250);
        assertThat(c.gzip()).isFalse();

        ctx.getLogger("agent").info(MarkerManager.getMarker("greeting_sent"), "hello");
        assertThat(engines.only().events).extracting(TestSourceEvent::message).containsExactly("hello");
    }

    @Test
    void aValueThatIsNotANumberIsReportedNamingTheAttributeAndTheAppenderDoesNotStart() {
        List<String> errors;
        try (StatusCapture status = StatusCapture.open()) {
            ctx = TestContexts.start("calllog-wrong-type.xml");
            errors = status.messages(org.apache.logging.log4j.Level.ERROR);
        }

        assertThat(errors).contains("CallLog appender 'CALLLOG': <bufferBytes> '64MB' is not a whole number");
        assertThat(TestContexts.appender(ctx).isStarted()).isFalse();
    }

    @Test
    void everyConnectionAttributeAndPropertyHeaderReachesTheSettings() {
        ctx = TestContexts.start("calllog-connection.xml");

        CallLogAppender appender = TestContexts.appender(ctx);
        assertThat(appender).isNotNull();
        CallLogConfig c = appender.getConfig();
        assertThat(c.passwordFile()).isEqualTo("/run/secrets/password");
        assertThat(c.apiKey()).isEqualTo("id:key");
        assertThat(c.apiKeyFile()).isEqualTo("/run/secrets/api-key");
        assertThat(c.bearerToken()).isEqualTo("tok");
        assertThat(c.bearerTokenFile()).isEqualTo("/run/secrets/token");
        assertThat(c.headers())
                .containsExactly(
                        new dev.calllog.core.internal.config.HeaderSetting("X-Tenant", "blue"),
                        new dev.calllog.core.internal.config.HeaderSetting("X-Routing-Key", "eu-1"));
        assertThat(c.caFile()).isEqualTo("/etc/calllog/root-ca.pem");
        assertThat(c.clientCertFile()).isEqualTo("/etc/calllog/client.pem");
        assertThat(c.clientKeyFile()).isEqualTo("/etc/calllog/client.key");
        assertThat(c.clientKeyPassword()).isEqualTo("key-pass");
        assertThat(c.keyStore()).isEqualTo("/etc/calllog/client.p12");
        assertThat(c.keyStorePassword()).isEqualTo("store-pass");
        assertThat(c.keyStoreType()).isEqualTo("PKCS12");
        assertThat(c.proxy()).isEqualTo("http://proxy.example:3128");
        assertThat(c.proxyUsername()).isEqualTo("proxy-user");
        assertThat(c.proxyPassword()).isEqualTo("proxy-pass");
        assertThat(c.awsRegion()).isEqualTo("eu-west-1");
        assertThat(c.awsService()).isEqualTo("aoss");
        assertThat(appender.isStarted()).isFalse();
    }

    @Test
    void jsonConfiguration() {
        // Log4j reads JSON configurations when Jackson is on the class path (a test dependency here).
        ctx = TestContexts.start("calllog-test.json");

        CallLogAppender appender = TestContexts.appender(ctx);
        assertThat(appender.isStarted()).isTrue();
        CallLogConfig c = appender.getConfig();
        assertThat(c.urls()).containsExactly("http://localhost:9206");
        assertThat(c.dataStream()).isEqualTo("calllog-json");
        assertThat(c.username()).isEqualTo("writer");
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.maxRetries()).isEqualTo(4);
        assertThat(c.catalog().find("survey_sent").floor()).isEqualTo(Level.ERROR);
    }

    @Test
    void secretsNeverReachTheStatusOutput() {
        String debug;
        try (StatusCapture status = StatusCapture.open(org.apache.logging.log4j.Level.DEBUG)) {
            ctx = TestContexts.start("log4j2-test.xml");
            ctx.stop();
            ctx = null;
            debug = status.all();
        }
        // Log4j prints each attribute of the plugin at DEBUG: the sensitive ones masked.
        assertThat(debug).contains("username=\"calllog_writer\"").contains("password=\"*****\"");
        assertThat(debug).doesNotContain("s3cret").doesNotContain("changeit");
    }
}
