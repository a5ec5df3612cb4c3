package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import dev.calllog.demo.TrafficSimulator.CallPlan;
import dev.calllog.logback.CallLogAppender;
import dev.calllog.testsupport.OpenSearchNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * The {@code --many} demo's calls, smaller: simulated once per test JVM and logged through the real Logback appender,
 * with their own times, into a data stream of the shared node.
 *
 * @param url the node's URL
 * @param dataStream where the calls are
 * @param simulator the simulator (its plans are the truth the documents must show)
 * @param events what was logged, in order
 */
record ManyCalls(String url, String dataStream, TrafficSimulator simulator, List<SimulatedEvent> events) {
    static final String DATA_STREAM = "calllog-many";
    static final int CALLS = 60;
    static final int AGENTS = 6;
    static final Duration SPAN = Duration.ofHours(3);

    /**
     * When the simulated calls end: two days ago, so that they stay out of the time range of the tests that read the
     * five demo calls (logged now) through {@code calllog-*}.
     */
    static final Instant END =
            Instant.now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private static ManyCalls loaded;

    /** Logs the calls on first use; later calls return the same calls. */
    static synchronized ManyCalls load(OpenSearchNode node) throws Exception {
        if (loaded == null) {
            loaded = log(node);
        }
        return loaded;
    }

    private static ManyCalls log(OpenSearchNode node) throws Exception {
        LoggerContext context = DemoCalls.configured(node, DATA_STREAM);
        CallLogAppender appender =
                (CallLogAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
        assertThat(appender.isStarted()).as("appender started").isTrue();

        TrafficSimulator simulator = new TrafficSimulator(
                UUID.randomUUID().toString().substring(0, 6), CALLS, AGENTS, SPAN, END, ManyCallsDemo.SEED);
        List<SimulatedEvent> events = simulator.run();
        try {
            ch.qos.logback.classic.Logger logger = context.getLogger("voice.agent");
            events.forEach(e -> Replay.onLogback(logger, e));
            assertThat(appender.flush(60_000)).as("every event delivered").isTrue();
        } finally {
            context.stop();
        }
        assertThat(appender.getEngine().metrics().delivered()).isEqualTo(events.size());
        assertThat(node.http().post("/" + DATA_STREAM + "/_refresh", "").ok()).isTrue();
        return new ManyCalls(node.url(), DATA_STREAM, simulator, events);
    }

    /** The plan of each call. */
    List<CallPlan> plans() {
        return simulator.plans();
    }
}
