package dev.calllog.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.calllog.demo.CallSimulator.LoggedEvent;
import dev.calllog.logback.CallLogAppender;
import dev.calllog.testsupport.OpenSearchNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The demo's calls, logged once per test JVM through the real Logback appender into a data stream of the shared node,
 * with what the simulator logged and when Logback says each event happened.
 *
 * @param url the node's URL
 * @param dataStream where the calls are
 * @param simulator the simulator that logged them (it knows the call ids)
 * @param logged what was logged, in order
 * @param instants when each logged event happened, as Logback stamped it (the documents' {@code @timestamp})
 */
record DemoCalls(
        String url, String dataStream, CallSimulator simulator, List<LoggedEvent> logged, List<Instant> instants) {
    static final String DATA_STREAM = "calllog-demo";

    private static DemoCalls loaded;

    /** Logs the demo's calls on first use; later calls return the same calls. */
    static synchronized DemoCalls load(OpenSearchNode node) throws Exception {
        if (loaded == null) {
            loaded = log(node);
        }
        return loaded;
    }

    /** A Logback context configured from the tests' {@code demo-it.xml}, writing to {@code dataStream} of the node. */
    static LoggerContext configured(OpenSearchNode node, String dataStream) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.putProperty("calllog.url", node.url());
        context.putProperty("calllog.dataStream", dataStream);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(DemoCalls.class.getResource("/demo-it.xml"));
        return context;
    }

    private static DemoCalls log(OpenSearchNode node) throws Exception {
        LoggerContext context = configured(node, DATA_STREAM);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        CallLogAppender appender = (CallLogAppender) root.getAppender("CALLLOG");
        @SuppressWarnings("unchecked")
        ListAppender<ILoggingEvent> seen = (ListAppender<ILoggingEvent>) root.getAppender("LOGGED");
        assertThat(appender.isStarted()).as("appender started").isTrue();

        CallSimulator simulator =
                new CallSimulator(UUID.randomUUID().toString().substring(0, 6), context.getLogger("voice.agent"));
        List<LoggedEvent> logged;
        try {
            logged = simulator.run();
            assertThat(appender.flush(60_000)).as("every event delivered").isTrue();
        } finally {
            MDC.clear();
            context.stop();
        }
        assertThat(appender.getEngine().metrics().delivered()).isEqualTo(logged.size());
        assertThat(node.http().post("/" + DATA_STREAM + "/_refresh", "").ok()).isTrue();

        List<Instant> instants = new ArrayList<>();
        assertThat(seen.list).hasSize(logged.size());
        for (int i = 0; i < logged.size(); i++) {
            ILoggingEvent event = seen.list.get(i);
            assertThat(event.getMarkerList().get(0).getName())
                    .isEqualTo(logged.get(i).code());
            instants.add(event.getInstant());
        }
        return new DemoCalls(node.url(), DATA_STREAM, simulator, logged, List.copyOf(instants));
    }

    /** The call ids, in the order they were logged. */
    List<String> callIds() {
        Set<String> ids = new LinkedHashSet<>();
        logged.forEach(e -> ids.add(e.callId()));
        return List.copyOf(ids);
    }

    /** The events of one call, in the order logged. */
    List<LoggedEvent> of(String callId) {
        return logged.stream().filter(e -> e.callId().equals(callId)).toList();
    }

    /** When the logged event at {@code index} happened. */
    Instant instantOf(LoggedEvent event) {
        return instants.get(logged.indexOf(event));
    }
}
