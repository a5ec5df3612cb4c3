package dev.calllog.demo;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Prints a call's timeline as the call-detail view shows it: in order, with level, category, event and data. */
public final class TimelinePrinter {
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean color;

    public TimelinePrinter(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    /** Colour when writing to a terminal that is not "dumb", unless {@code NO_COLOR} is set. */
    public static boolean terminalSupportsColor() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("NO_COLOR") == null && term != null && !term.equals("dumb");
    }

    public void printTimeline(String callId, List<JsonObject> events, boolean withData) {
        if (events.isEmpty()) {
            out.println("No events for call " + callId);
            return;
        }
        JsonObject first = events.get(0);
        out.printf(
                "Call %s   agent %s   account %s   %d events%n",
                callId, text(first, "agent_id"), text(first, "account_id"), events.size());
        Instant start = Instant.parse(first.getString("@timestamp"));
        for (JsonObject e : events) {
            Duration offset = Duration.between(start, Instant.parse(e.getString("@timestamp")));
            String level = e.getString("level");
            String line = String.format(
                    "  +%8.3f ms  %s  %-12s %-30s %s",
                    offset.toNanos() / 1_000_000.0,
                    paint(level, String.format("%-8s", level)),
                    e.getString("category"),
                    e.getString("event"),
                    text(e, "message"));
            out.println(line);
            JsonValue data = e.get("data");
            if (withData && data != null && !data.asJsonObject().isEmpty()) {
                out.println("               data " + data);
            }
        }
    }

    public void printCounts(String title, Map<String, Long> counts) {
        StringBuilder b = new StringBuilder("  ").append(title).append(':');
        counts.forEach((k, v) -> b.append("  ").append(k).append('=').append(v));
        out.println(b);
    }

    private String paint(String level, String text) {
        if (!color) {
            return text;
        }
        String code =
                switch (level) {
                    case "CRITICAL" -> "\u001b[1;37;41m";
                    case "ERROR" -> "\u001b[1;31m";
                    case "WARNING" -> "\u001b[33m";
                    case "DEBUG" -> "\u001b[2m";
                    default -> "\u001b[32m";
                };
        return code + text + RESET;
    }

    private static String text(JsonObject o, String field) {
        JsonValue v = o.get(field);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL
                ? "-"
                : v.getValueType() == JsonValue.ValueType.STRING ? o.getString(field) : v.toString();
    }
}
