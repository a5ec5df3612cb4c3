package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Both appenders, configured as the README shows, ship over HTTPS as the least-privilege writer: with basic
 * authentication and the cluster's CA in a trust store. A wrong password or an untrusted certificate is reported on the
 * framework's status channel, and the events are kept, not dead-lettered or dropped.
 */
@WithOpenSearch(plugins = true)
class AppendersOverHttpsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SecuredCluster cluster;

    AppendersOverHttpsIT(OpenSearchNode node, OpenSearchHttp admin) throws Exception {
        this.cluster = SecuredCluster.of(node, admin);
    }

    // ---- Logback ----

    private LoggerContext logback(String stream, String password, boolean trust) throws Exception {
        String xml = """
                <configuration>
                  <appender name="CALLLOG" class="dev.calllog.logback.CallLogAppender">
                    <url>%s</url>
                    <username>%s</username>
                    <password>%s</password>
                    %s
                    <dataStream>%s</dataStream>
                    <lingerMillis>50</lingerMillis>
                    <shutdownTimeoutMillis>1000</shutdownTimeoutMillis>
                    <deadLetterFile>%s</deadLetterFile>
                  </appender>
                  <root level="INFO"><appender-ref ref="CALLLOG"/></root>
                </configuration>
                """.formatted(
                        cluster.node.url(),
                        SecuredCluster.WRITER,
                        password,
                        trust
                                ? "<trustStore>" + cluster.caP12 + "</trustStore><trustStorePassword>"
                                        + SecuredCluster.STORE_PASSWORD + "</trustStorePassword>"
                                : "",
                        stream,
                        deadLetterFile(stream));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return context;
    }

    private static void logCalls(org.slf4j.Logger log, int calls) {
        for (int i = 0; i < calls; i++) {
            MDC.put("call_id", "call-https-" + i);
            MDC.put("agent_id", "agent-secure");
            MDC.put("account_id", "shipper-account");
            log.atInfo()
                    .addMarker(MarkerFactory.getMarker("call_completed"))
                    .addKeyValue("duration_s", 12 + i)
                    .log("Call completed");
            MDC.clear();
        }
    }

    private static List<String> status(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= Status.WARN)
                .map(s -> (s.getLevel() == Status.ERROR ? "ERROR " : "WARN ") + s.getMessage())
                .toList();
    }

    private static ShippingMetrics.Snapshot metrics(LoggerContext context) {
        return ((dev.calllog.logback.CallLogAppender) context.getLogger("ROOT").getAppender("CALLLOG"))
                .getEngine()
                .metrics();
    }

    @Test
    void logbackShipsAsTheWriterWithoutAWarning() throws Exception {
        String stream = "calllog-https-logback";
        LoggerContext context = logback(stream, SecuredCluster.WRITER_PASSWORD, true);
        try {
            logCalls(context.getLogger("voice.agent"), 5);
            await(() -> metrics(context).delivered() == 5, () -> metrics(context) + " " + status(context));
            assertThat(count(stream)).isEqualTo(5);
            // The templates are in place (setup installed them), and the writer may see so: nothing to warn about.
            assertThat(status(context)).isEmpty();
        } finally {
            context.stop();
        }
    }

    @Test
    void logbackWithAWrongPasswordSaysSoAndKeepsTheEvents() throws Exception {
        String stream = "calllog-https-logback-refused";
        LoggerContext context = logback(stream, "not-the-password", true);
        try {
            logCalls(context.getLogger("voice.agent"), 3);
            await(() -> status(context).stream().anyMatch(s -> s.contains("401")), () -> status(context)
                    .toString());
            assertKept(metrics(context), 3);
            assertThat(String.join("\n", status(context))).doesNotContain("not-the-password");
        } finally {
            context.getStatusManager().clear();
            stopQuickly(context);
        }
    }

    @Test
    void logbackWithoutTheCaSaysTheCertificateIsNotTrustedAndKeepsTheEvents() throws Exception {
        String stream = "calllog-https-logback-untrusted";
        LoggerContext context = logback(stream, SecuredCluster.WRITER_PASSWORD, false);
        try {
            logCalls(context.getLogger("voice.agent"), 3);
            await(
                    () -> status(context).stream()
                            .anyMatch(s -> s.contains("PKIX") || s.contains("certificat") || s.contains("SSL")),
                    () -> status(context).toString());
            assertKept(metrics(context), 3);
        } finally {
            stopQuickly(context);
        }
    }

    // ---- Log4j 2 ----

    private org.apache.logging.log4j.core.LoggerContext log4j(String stream, String password, boolean trust)
            throws Exception {
        Path config = cluster.directory.resolve("log4j2-" + stream + ".xml");
        Files.writeString(config, """
                <Configuration status="warn">
                  <Appenders>
                    <CallLog name="CALLLOG" url="%s" username="%s" password="%s" %s dataStream="%s"
                             lingerMillis="50" shutdownTimeoutMillis="1000" deadLetterFile="%s"/>
                  </Appenders>
                  <Loggers>
                    <Root level="info"><AppenderRef ref="CALLLOG"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(
                        cluster.node.url(),
                        SecuredCluster.WRITER,
                        password,
                        trust
                                ? "trustStore=\"" + cluster.caP12 + "\" trustStorePassword=\""
                                        + SecuredCluster.STORE_PASSWORD + "\""
                                : "",
                        stream,
                        deadLetterFile(stream)));
        org.apache.logging.log4j.core.LoggerContext ctx =
                new org.apache.logging.log4j.core.LoggerContext("https-" + stream, null, config.toUri());
        ctx.start();
        return ctx;
    }

    private static void logCalls(org.apache.logging.log4j.Logger log, int calls) {
        for (int i = 0; i < calls; i++) {
            ThreadContext.put("call_id", "call-https-" + i);
            ThreadContext.put("account_id", "shipper-account");
            log.info(MarkerManager.getMarker("call_completed"), "Call completed");
            ThreadContext.clearMap();
        }
    }

    private static ShippingMetrics.Snapshot metrics(org.apache.logging.log4j.core.LoggerContext ctx) {
        dev.calllog.log4j2.CallLogAppender appender = ctx.getConfiguration().getAppender("CALLLOG");
        return appender.getMetrics();
    }

    /** Log4j's status messages of WARN and above while it is attached. */
    private static final class Capture implements StatusListener {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void log(StatusData d) {
            messages.add(d.getLevel() + " " + d.getMessage().getFormattedMessage());
        }

        @Override
        public Level getStatusLevel() {
            return Level.WARN;
        }

        @Override
        public void close() {}
    }

    @Test
    void log4jShipsAsTheWriterWithoutAWarning() throws Exception {
        String stream = "calllog-https-log4j";
        Capture capture = new Capture();
        StatusLogger.getLogger().registerListener(capture);
        org.apache.logging.log4j.core.LoggerContext ctx = log4j(stream, SecuredCluster.WRITER_PASSWORD, true);
        try {
            logCalls(ctx.getLogger("voice.agent"), 4);
            await(() -> metrics(ctx).delivered() == 4, () -> metrics(ctx) + " " + capture.messages);
            assertThat(count(stream)).isEqualTo(4);
            assertThat(capture.messages).isEmpty();
        } finally {
            ctx.stop();
            StatusLogger.getLogger().removeListener(capture);
        }
    }

    @Test
    void log4jWithAWrongPasswordSaysSoAndKeepsTheEvents() throws Exception {
        String stream = "calllog-https-log4j-refused";
        Capture capture = new Capture();
        StatusLogger.getLogger().registerListener(capture);
        org.apache.logging.log4j.core.LoggerContext ctx = log4j(stream, "not-the-password", true);
        try {
            logCalls(ctx.getLogger("voice.agent"), 3);
            await(() -> capture.messages.stream().anyMatch(s -> s.contains("401")), capture.messages::toString);
            assertKept(metrics(ctx), 3);
            assertThat(String.join("\n", capture.messages)).doesNotContain("not-the-password");
        } finally {
            StatusLogger.getLogger().removeListener(capture);
            ctx.stop(1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void log4jWithoutTheCaSaysTheCertificateIsNotTrustedAndKeepsTheEvents() throws Exception {
        String stream = "calllog-https-log4j-untrusted";
        Capture capture = new Capture();
        StatusLogger.getLogger().registerListener(capture);
        org.apache.logging.log4j.core.LoggerContext ctx = log4j(stream, SecuredCluster.WRITER_PASSWORD, false);
        try {
            logCalls(ctx.getLogger("voice.agent"), 3);
            await(
                    () -> capture.messages.stream()
                            .anyMatch(s -> s.contains("PKIX") || s.contains("certificat") || s.contains("SSL")),
                    capture.messages::toString);
            assertKept(metrics(ctx), 3);
        } finally {
            StatusLogger.getLogger().removeListener(capture);
            ctx.stop(1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    // ---- shared ----

    /** Nothing delivered, dead-lettered or dropped: every event is still held, to be sent once the cause is fixed. */
    private static void assertKept(ShippingMetrics.Snapshot m, long events) {
        assertThat(m.delivered()).as(m.toString()).isZero();
        assertThat(m.deadLettered()).as(m.toString()).isZero();
        assertThat(m.droppedTotal()).as(m.toString()).isZero();
        assertThat(m.pending()).as(m.toString()).isEqualTo(events);
    }

    private Path deadLetterFile(String stream) {
        return cluster.directory.resolve(stream + "-dead-letter.ndjson");
    }

    private long count(String stream) {
        cluster.admin.post("/" + stream + "/_refresh", "");
        String body = cluster.admin.get("/" + stream + "/_count").body();
        return Long.parseLong(body.replaceAll(".*\"count\":([0-9]+).*", "$1"));
    }

    /** Stops a context whose appender cannot deliver, without waiting the shutdown timeout. */
    private static void stopQuickly(LoggerContext context) {
        context.stop();
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + WAIT + ": " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
