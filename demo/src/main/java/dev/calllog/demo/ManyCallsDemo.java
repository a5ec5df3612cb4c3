package dev.calllog.demo;

import dev.calllog.cli.CallLogCli;
import dev.calllog.cli.CallLogSearch;
import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallQuery;
import dev.calllog.cli.Connection;
import dev.calllog.cli.Options;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.demo.TrafficSimulator.CallPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./demo.sh --many}: many calls spread over the last hours (see {@link TrafficSimulator}), logged through the
 * appender with their own times, then read back and shown with the terminal view.
 */
final class ManyCallsDemo {
    /** The simulation's seed: every run has the same shape, at its own time and with its own call ids. */
    static final long SEED = 2026;

    private ManyCallsDemo() {}

    static int run(DemoFramework framework, String url, DemoOptions options) throws Exception {
        CallLogConfig appenderConfig = framework.appenderConfig();
        if (appenderConfig == null) {
            System.err.println("The call-log appender did not start; see the messages above.");
            return 2;
        }
        String dataStream = appenderConfig.dataStream();
        String runId = UUID.randomUUID().toString().substring(0, 6);
        TrafficSimulator simulator = new TrafficSimulator(
                runId, options.calls(), options.agents(), Duration.ofHours(options.hours()), Instant.now(), SEED);
        System.out.printf(
                "Simulating %d calls of %d agents over the last %d hours, with a burst of %s failures in the last %d"
                        + " minutes; logging them through the %s appender with their own times.%n",
                options.calls(),
                options.agents(),
                options.hours(),
                TrafficSimulator.FAILING_INTEGRATION,
                TrafficSimulator.BURST.toMinutes(),
                framework.name());
        List<SimulatedEvent> events = simulator.run();
        for (SimulatedEvent e : events) {
            framework.log(e);
        }
        boolean flushed = framework.flush(120_000);
        String metrics = String.valueOf(framework.metrics());
        framework.stop();
        System.out.printf("Logged %d call-log events for %d calls.%n", events.size(), options.calls());
        if (!flushed) {
            System.err.println("Not every event was delivered within two minutes: " + metrics);
        }

        List<String> connection = DemoMain.connection(url, dataStream);
        CallLogConfig config =
                Connection.config(Options.parse(connection, Connection.OPTIONS, Set.of()), System.getenv());
        long indexed = 0;
        try (OpenSearchHttpTransport transport = Connection.open(config)) {
            CallLogSearch search = new CallLogSearch(transport, dataStream);
            search.refresh();
            for (CallSummary call : search.calls(new CallQuery(CallQuery.MAX_LAST, null, runId, null, null))) {
                indexed += call.events();
            }
        }
        System.out.printf("Read back %d of %d events from data stream '%s'.%n", indexed, events.size(), dataStream);

        CallPlan shown = simulator.plans().stream()
                .filter(p -> p.inBurst() && p.outcome().equals("failed"))
                .reduce((a, b) -> b)
                .orElse(simulator.plans().get(simulator.plans().size() - 1));
        List<List<String>> commands = List.of(
                List.of("calls", "--last", "10"),
                List.of("calls", "--level", "CRITICAL", "--since", "1h", "--last", "5"),
                List.of("timeline", shown.callId()));
        CallLogCli tool = CallLogCli.standard();
        int code = 0;
        for (List<String> command : commands) {
            System.out.println();
            System.out.println("$ " + DemoMain.TOOL + " " + String.join(" ", command));
            List<String> args = new ArrayList<>(command);
            args.addAll(connection);
            code = Math.max(code, tool.run(args, System.out, System.err));
        }
        System.out.println();
        System.out.println("Appender: " + metrics);
        if (!options.ui()) {
            System.out.println("Browse them with the web view: ./demo.sh --many --ui (or " + DemoMain.TOOL
                    + " ui against your own cluster).");
        }
        if (indexed != events.size()) {
            System.err.printf("%d events were logged but %d were read back.%n", events.size(), indexed);
            return 1;
        }
        return code;
    }
}
