package dev.calllog.demo;

import dev.calllog.cli.CallLogCli;
import dev.calllog.cli.CallLogSearch;
import dev.calllog.cli.Connection;
import dev.calllog.cli.Options;
import dev.calllog.cli.UsageException;
import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.demo.CallSimulator.LoggedEvent;
import dev.calllog.testsupport.OpenSearchNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: simulates voice-agent calls, logs them through the call-log appender into OpenSearch, then shows them with
 * the {@code calllog} tool's terminal view: the calls of the run, and one call's timeline.
 *
 * <p>Options: {@code --framework logback|log4j2} chooses the framework the same SLF4J calls run on (default Logback,
 * configured by {@code logback.xml}; Log4j 2 by {@code calllog-demo-log4j2.xml}); {@code --no-data} hides each event's data;
 * {@code --call N} (1001..1005) chooses the call shown. {@code --many} simulates many calls spread over the last hours
 * instead (see {@link TrafficSimulator}; {@code --calls N}, {@code --agents N}, {@code --hours N}); {@code --ui} then
 * serves the web view of what was logged until the process is stopped ({@code --port N}).
 */
public final class DemoMain {
    static final String TOOL = "java -jar cli/target/calllog.jar";

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        DemoFramework framework = DemoFramework.select(options.framework());
        String url = System.getenv("OPENSEARCH_URL");
        OpenSearchNode node = null;
        int code;
        try {
            if (url == null || url.isBlank()) {
                System.out.println("OPENSEARCH_URL is not set: starting a local OpenSearch node...");
                node = OpenSearchNode.builder().build().start();
                url = node.url();
                System.out.println("OpenSearch " + node.version() + " is up at " + url);
            } else {
                url = url.split(",")[0].trim();
                System.out.println("Using OpenSearch at OPENSEARCH_URL");
            }
            try {
                // The same credentials and trust for the appender as for reading back.
                DemoConnection.resolve(url, System.getenv());
            } catch (UsageException e) {
                System.err.println("The demo cannot connect: " + e.getMessage());
                System.exit(2);
                return;
            }
            // The framework reads ${calllog.url} when it configures itself, on the first logger lookup below.
            System.setProperty("calllog.url", url);
            code = options.many()
                    ? ManyCallsDemo.run(framework, url, options)
                    : run(framework, url, options.withData(), options.call());
            if (code == 0 && options.ui()) {
                code = serve(url, framework.dataStream(), options.port());
            }
        } finally {
            if (node != null) {
                node.close();
            }
        }
        System.exit(code);
    }

    /**
     * What a user who may write but not read (such as one with only the calllog_writer role) is told instead of a stack
     * trace.
     */
    static String cannotRead(String user, String dataStream, HttpResult answer) {
        return "The events were written, but the demo cannot read them back: OpenSearch answered " + answer.status()
                + " to refreshing '" + dataStream + "' (" + answer.errorText(200) + ").\n"
                + "User '" + (user == null ? "(none)" : user) + "' may not read call logs; the calllog_writer role, for"
                + " one, only writes. To see them, run the demo as a user who may also read calllog-*, or read them"
                + " with 'calllog calls' as such a user.";
    }

    /** The connection options of the {@code calllog} tool for the demo's cluster and data stream. */
    static List<String> connection(String url, String dataStream) {
        List<String> connection = new ArrayList<>(List.of("--url", url, "--data-stream", dataStream));
        String user = System.getenv("OPENSEARCH_USERNAME");
        if (user != null && !user.isBlank()) {
            connection.addAll(List.of("--user", user));
        }
        return connection;
    }

    /** Serves the web view of the demo's data stream until the process is stopped. */
    private static int serve(String url, String dataStream, int port) {
        System.out.println();
        System.out.println("$ " + TOOL + " ui --port " + port);
        List<String> args = new ArrayList<>(List.of("ui", "--port", String.valueOf(port)));
        args.addAll(connection(url, dataStream));
        return CallLogCli.standard().run(args, System.out, System.err);
    }

    private static int run(DemoFramework framework, String url, boolean withData, int shown) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 6);
        Logger any = LoggerFactory.getLogger(DemoMain.class);
        CallLogConfig appenderConfig = framework.appenderConfig();
        if (appenderConfig == null) {
            System.err.println("The call-log appender did not start; see the messages above.");
            return 2;
        }
        String dataStream = appenderConfig.dataStream();
        System.out.println("Logging through the " + framework.name() + " appender.");

        CallSimulator simulator = new CallSimulator(runId);
        List<LoggedEvent> logged = simulator.run();
        Set<String> callIds = new LinkedHashSet<>();
        Set<String> covered = new TreeSet<>();
        for (LoggedEvent e : logged) {
            callIds.add(e.callId());
            covered.add(e.code());
        }
        System.out.printf(
                "Logged %d call-log events for %d calls (%d distinct events).%n",
                logged.size(), callIds.size(), covered.size());

        any.info("not a call-log event: ignored by the appender");
        framework.flush(60_000);
        ShippingMetrics.Snapshot shipped = framework.metrics();
        String metrics = String.valueOf(shipped);
        framework.stop(); // delivers anything still buffered, within the shutdown timeout
        if (shipped.delivered() + shipped.duplicates() < logged.size()) {
            System.err.printf(
                    "Only %d of %d events were delivered (%d dead-lettered, %d dropped, %d not sent yet); the"
                            + " appender's messages above say why. A user who writes call logs needs the"
                            + " calllog_writer role (calllog setup --role installs it).%n",
                    shipped.delivered() + shipped.duplicates(),
                    logged.size(),
                    shipped.deadLettered(),
                    shipped.droppedTotal(),
                    shipped.pending());
            return 1;
        }

        // The terminal view reads with the same connection settings as the appender writes.
        List<String> connection = connection(url, dataStream);
        CallLogConfig config =
                Connection.config(Options.parse(connection, Connection.OPTIONS, Set.of()), System.getenv());
        long indexed = 0;
        try (OpenSearchHttpTransport transport = Connection.open(config)) {
            HttpResult refresh = transport.send("POST", "/" + dataStream + "/_refresh");
            if (refresh.status() == 401 || refresh.status() == 403) {
                System.err.println(cannotRead(System.getenv("OPENSEARCH_USERNAME"), dataStream, refresh));
                return 1;
            }
            CallLogSearch search = new CallLogSearch(transport, dataStream);
            for (String callId : callIds) {
                indexed += search.timeline(callId).size();
            }
        } catch (IOException e) {
            System.err.println("The demo could not read the events back from '" + dataStream + "': " + e.getMessage());
            return 1;
        }
        System.out.printf("Read back %d of %d events from data stream '%s'.%n", indexed, logged.size(), dataStream);

        CallLogCli tool = CallLogCli.standard();
        List<String> calls = List.of("calls", "--last", String.valueOf(callIds.size()));
        List<String> timeline = new ArrayList<>(List.of("timeline", simulator.callId(shown)));
        if (withData) {
            timeline.add("--data");
        }
        int code = 0;
        for (List<String> command : List.of(calls, timeline)) {
            System.out.println();
            System.out.println("$ " + TOOL + " " + String.join(" ", command));
            List<String> args = new ArrayList<>(command);
            args.addAll(connection);
            code = Math.max(code, tool.run(args, System.out, System.err));
        }
        System.out.println();
        System.out.println("Appender: " + metrics);

        Set<String> missing = new TreeSet<>();
        for (EventDefinition e : EventCatalog.builtIn().events()) {
            if (!covered.contains(e.code())) {
                missing.add(e.code());
            }
        }
        if (!missing.isEmpty()) {
            System.err.println("The simulation did not cover: " + missing);
            return 1;
        }
        if (indexed != logged.size()) {
            System.err.printf("%d events were logged but %d were read back.%n", logged.size(), indexed);
            return 1;
        }
        return code;
    }
}
