package dev.calllog.demo;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.config.CallLogConfig;
import dev.calllog.testsupport.OpenSearchNode;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: simulates voice-agent calls, logs them through the call-log appender into OpenSearch, then reads the
 * call-detail timeline back from OpenSearch and prints it.
 *
 * <p>Options: {@code --framework logback|log4j2} chooses the framework the same SLF4J calls run on (default Logback,
 * configured by {@code logback.xml}; Log4j 2 by {@code log4j2.xml}); {@code --no-data} hides each event's data;
 * {@code --call N} (1001..1005) chooses the call shown.
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        boolean withData = !List.of(args).contains("--no-data");
        int shown = 1003;
        String frameworkName = "logback";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--call")) {
                shown = Integer.parseInt(args[i + 1]);
            }
            if (args[i].equals("--framework")) {
                frameworkName = args[i + 1];
            }
        }
        DemoFramework framework = DemoFramework.select(frameworkName);
        String url = System.getenv("OPENSEARCH_URL");
        OpenSearchNode node = null;
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
            // The framework reads ${calllog.url} when it configures itself, on the first logger lookup below.
            System.setProperty("calllog.url", url);
            int code = run(framework, url, withData, shown);
            System.exit(code);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private static int run(DemoFramework framework, String url, boolean withData, int shown) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 6);
        Logger any = LoggerFactory.getLogger(DemoMain.class);
        CallLogConfig config = framework.startedAppenderConfig();
        if (config == null) {
            System.err.println("The call-log appender did not start; see the messages above.");
            return 2;
        }
        String dataStream = config.dataStream();
        System.out.println("Logging through the " + framework.name() + " appender.");

        CallSimulator simulator = new CallSimulator(runId);
        Map<String, List<String>> logged = simulator.run();
        int total = logged.values().stream().mapToInt(List::size).sum();
        Set<String> covered = logged.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        System.out.printf(
                "Logged %d call-log events for %d calls (%d distinct events).%n", total, logged.size(), covered.size());

        any.info("not a call-log event: ignored by the appender");
        framework.flush(60_000);
        String metrics = String.valueOf(framework.metrics());
        framework.stop(); // delivers anything still buffered, within the shutdown timeout

        CallLogReader reader = new CallLogReader(
                url,
                dataStream,
                blankToNull(System.getenv("OPENSEARCH_USERNAME")),
                System.getenv("OPENSEARCH_PASSWORD"));
        reader.refresh();
        long indexed = 0;
        for (String callId : logged.keySet()) {
            indexed += reader.timeline(callId).size();
        }
        System.out.printf("Read back %d of %d events from data stream '%s'.%n%n", indexed, total, dataStream);

        TimelinePrinter printer = new TimelinePrinter(System.out, TimelinePrinter.terminalSupportsColor());
        String callId = "call-" + runId + "-" + shown;
        printer.printTimeline(callId, reader.timeline(callId), withData);
        System.out.println();
        printer.printCounts("by level", reader.countBy("level", callId));
        printer.printCounts("by category", reader.countBy("category", callId));
        System.out.println();
        System.out.println("Calls of this run:");
        for (String id : logged.keySet()) {
            List<JsonObject> events = reader.timeline(id);
            String outcome =
                    events.isEmpty() ? "-" : events.get(events.size() - 1).getString("event");
            long problems = events.stream()
                    .filter(e -> Set.of("ERROR", "CRITICAL").contains(e.getString("level")))
                    .count();
            System.out.printf("  %-22s %3d events  %2d errors  ends with %s%n", id, events.size(), problems, outcome);
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
        if (indexed != total) {
            System.err.printf("%d events were logged but %d were read back.%n", total, indexed);
            return 1;
        }
        return 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
