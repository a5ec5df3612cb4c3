package dev.calllog.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.StringJoiner;

/**
 * Renders one call's events as the call-detail view shows them: a summary, then one line per event in order (time,
 * level, category, event, message), below each event logged in an OpenTelemetry span its span id (the trace id is
 * in the summary when the call has one, else beside the span), below each agent start that answers the contact its response latency (see
 * {@link ResponseLatency}), and, on demand, each event's data.
 *
 * <pre>
 * Call call-1003: failed
 *   agent agent-support, account globex, trace 4bf92f3577b34da6a3ce929d0e0e4736
 *   16 events from 2026-11-23 18:51:06.654 to 18:51:06.660 UTC: 11 INFO, 1 WARNING, 3 ERROR, 1 CRITICAL
 *   response latency p50 640 ms, p95 1340 ms over 2 turns
 *
 * TIME          LEVEL     CATEGORY      EVENT                           MESSAGE
 * 18:51:06.654  INFO      lifecycle     recording_started               Recording started
 *               span 00f067aa0ba902b7
 *               data {"channels":2}
 * 18:51:07.902  INFO      agent         agent_started_speaking          Agent started speaking
 *               response latency 640 ms
 * </pre>
 */
public final class TimelineView {
    /** Times of day in UTC, to the millisecond. */
    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Dates and times in UTC, to the millisecond. */
    public static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static final String ROW = "%-12s  %-8s  %-12s  %-30s  %s";
    private static final int LEVEL_AT = 14;
    private static final String INDENT = " ".repeat(LEVEL_AT);
    private static final String MESSAGE_INDENT = " ".repeat(70);
    private static final String RESPONSE_LATENCY = "response latency ";

    private TimelineView() {}

    /**
     * The text of one call's timeline.
     *
     * @param callId the call
     * @param events its documents, in order (see {@link CallLogSearch#timeline}); at least one
     * @param withData whether to show each event's {@code data}
     * @param color whether to colour levels with ANSI escapes
     */
    public static String render(String callId, List<JsonObject> events, boolean withData, boolean color) {
        StringBuilder out = new StringBuilder();
        CallDigest digest = CallDigest.of(events);
        String agent = digest.agentId();
        String account = digest.accountId();
        out.append("Call ")
                .append(printable(callId))
                .append(": ")
                .append(digest.outcome().label())
                .append('\n');
        StringJoiner who = new StringJoiner(", ", "  ", "\n").setEmptyValue("");
        if (agent != null) {
            who.add("agent " + printable(agent));
        }
        if (account != null) {
            who.add("account " + printable(account));
        }
        String trace = CallDigest.sharedTrace(events);
        if (trace != null) {
            who.add("trace " + printable(trace));
        }
        out.append(who);
        StringJoiner counts = new StringJoiner(", ");
        digest.levels().forEach((level, n) -> counts.add(n + " " + level));
        Instant first = digest.first();
        Instant last = digest.last();
        boolean sameDay = first.truncatedTo(ChronoUnit.DAYS).equals(last.truncatedTo(ChronoUnit.DAYS));
        out.append(String.format(
                "  %d event%s from %s to %s UTC: %s%n",
                events.size(),
                events.size() == 1 ? "" : "s",
                DATE_TIME.format(first),
                (sameDay ? TIME : DATE_TIME).format(last),
                counts));
        ResponseLatency latency = ResponseLatency.of(events);
        if (latency.turns() > 0) {
            out.append("  response latency ").append(latency.summary()).append('\n');
        }
        out.append('\n');

        out.append(String.format(ROW, "TIME", "LEVEL", "CATEGORY", "EVENT", "MESSAGE")
                        .stripTrailing())
                .append('\n');
        for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.get(i);
            String level = text(e, "level");
            String row = String.format(
                    ROW,
                    TIME.format(timestamp(e)),
                    level,
                    printable(text(e, "category")),
                    printable(text(e, "event")),
                    printable(text(e, "message")).replace("\n", "\n" + MESSAGE_INDENT));
            if (color) {
                // Only the level word is coloured; the padding stays plain so columns line up.
                row = row.substring(0, LEVEL_AT)
                        + Ansi.levelColor(level)
                        + level
                        + Ansi.RESET
                        + row.substring(LEVEL_AT + level.length());
            }
            out.append(row.stripTrailing()).append('\n');
            if (latency.at(i) != null) {
                out.append(INDENT)
                        .append(RESPONSE_LATENCY)
                        .append(ResponseLatency.format(latency.at(i)))
                        .append('\n');
            }
            String traceLine = traceLine(e, trace);
            if (traceLine != null) {
                out.append(INDENT)
                        .append(color ? Ansi.DIM + traceLine + Ansi.RESET : traceLine)
                        .append('\n');
            }
            JsonValue data = e.get("data");
            if (withData && data instanceof JsonObject object && !object.isEmpty()) {
                String line = "data " + printable(object.toString());
                out.append(INDENT)
                        .append(color ? Ansi.DIM + line + Ansi.RESET : line)
                        .append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The line below an event that shows where it was logged: its span ({@code span_id}), and its trace when the call
     * has no single trace shown in the summary; null when there is nothing to show.
     */
    private static String traceLine(JsonObject e, String callTrace) {
        String span = CallDigest.string(e, "span_id");
        String trace = callTrace == null ? CallDigest.string(e, "trace_id") : null;
        if (span == null && trace == null) {
            return null;
        }
        StringJoiner line = new StringJoiner(" ");
        if (trace != null) {
            line.add("trace " + printable(trace));
        }
        if (span != null) {
            line.add("span " + printable(span));
        }
        return line.toString();
    }

    /** When the event happened. */
    static Instant timestamp(JsonObject event) {
        return CallDigest.timestamp(event);
    }

    private static String text(JsonObject o, String field) {
        return CallDigest.text(o, field);
    }

    /**
     * The text with control characters (other than line breaks) shown as {@code \\uXXXX}, so that logged text can
     * never move the cursor or change the terminal's colours.
     */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0);
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (control) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
