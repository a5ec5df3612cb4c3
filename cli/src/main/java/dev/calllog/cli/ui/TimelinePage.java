package dev.calllog.cli.ui;

import dev.calllog.cli.CallDigest;
import dev.calllog.cli.CallLogSearch.Outcome;
import dev.calllog.cli.ResponseLatency;
import dev.calllog.cli.TimelineView;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One call's timeline, as the product's call-detail view shows it: a summary (outcome, agent, account, time span,
 * events per level, response latency percentiles), then every event in order with its timestamp, level, category,
 * event, message and data, and the response latency of each turn on the agent start that ends it. As in the terminal
 * view, a trace the events share is shown once in the summary, and each event logged in a span shows its span id (with
 * its own trace id when the call has no single trace) in a last column, present when some event has one.
 */
final class TimelinePage {
    private TimelinePage() {}

    /**
     * @param callId the call
     * @param events its events in order (at least one)
     * @param truncated whether the call has more events than {@code events}
     * @param dataStream where they were read
     */
    static String render(String callId, List<JsonObject> events, boolean truncated, String dataStream) {
        CallDigest digest = CallDigest.of(events);
        Outcome outcome = digest.outcome();
        String agent = digest.agentId();
        String account = digest.accountId();
        ResponseLatency latency = ResponseLatency.of(events);
        Instant first = digest.first();
        Instant last = digest.last();
        String trace = CallDigest.sharedTrace(events);
        boolean traceColumn = events.stream().anyMatch(e -> traceCell(e, trace) != null);

        StringBuilder main = new StringBuilder();
        main.append("<nav><a href=\"/\">&larr; All calls</a></nav>\n");
        main.append("<h1>Call <span class=\"call-id\">")
                .append(Html.text(callId))
                .append("</span> <span class=\"outcome outcome-")
                .append(outcome.name().toLowerCase(Locale.ROOT))
                .append("\">")
                .append(Html.text(outcome.label()))
                .append("</span></h1>\n");

        main.append("<dl class=\"summary\">\n");
        if (agent != null) {
            main.append("<dt>Agent</dt><dd class=\"agent\"><a href=\"/?agent=")
                    .append(Html.text(Html.param(agent)))
                    .append("\">")
                    .append(Html.text(agent))
                    .append("</a></dd>\n");
        }
        if (account != null) {
            main.append("<dt>Account</dt><dd class=\"account\">")
                    .append(Html.text(account))
                    .append("</dd>\n");
        }
        if (trace != null) {
            main.append("<dt>Trace</dt><dd class=\"trace\">")
                    .append(Html.text(trace))
                    .append("</dd>\n");
        }
        boolean sameDay = first.truncatedTo(ChronoUnit.DAYS).equals(last.truncatedTo(ChronoUnit.DAYS));
        main.append("<dt>Time</dt><dd class=\"span\">")
                .append(TimelineView.DATE_TIME.format(first))
                .append(" to ")
                .append((sameDay ? TimelineView.TIME : TimelineView.DATE_TIME).format(last))
                .append(" UTC (")
                .append(Html.duration(Duration.between(first, last)))
                .append(")</dd>\n");
        StringJoiner counts = new StringJoiner(", ");
        digest.levels().forEach((level, n) -> counts.add(n + " " + Html.levelBadge(level.name())));
        main.append("<dt>Events</dt><dd class=\"counts\">")
                .append(events.size())
                .append(truncated ? " (the first " + events.size() + " shown)" : "")
                .append(": ")
                .append(counts)
                .append("</dd>\n");
        main.append("<dt>Response latency</dt><dd class=\"latency-summary\">")
                .append(latency.turns() == 0 ? "no answered turn" : Html.text(latency.summary()))
                .append("</dd>\n</dl>\n");

        main.append("<table class=\"timeline\">\n<thead><tr><th>Time (UTC)</th><th>Level</th><th>Category</th>"
                + "<th>Event</th><th>Message</th><th class=\"num\">Response</th><th>Data</th>"
                + (traceColumn ? "<th>Trace</th>" : "")
                + "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.get(i);
            String level = text(e, "level");
            Instant at = CallDigest.timestamp(e);
            main.append("<tr class=\"event ")
                    .append(Html.levelClass(level))
                    .append("\"><td class=\"time\" title=\"")
                    .append(Html.text(text(e, "@timestamp")))
                    .append("\">")
                    .append((sameDay ? TimelineView.TIME : TimelineView.DATE_TIME).format(at))
                    .append("</td><td class=\"level-cell\">")
                    .append(Html.levelBadge(level))
                    .append("</td><td class=\"category\">")
                    .append(Html.text(text(e, "category")))
                    .append("</td><td class=\"event-code\">")
                    .append(Html.text(text(e, "event")))
                    .append("</td><td class=\"message\">")
                    .append(Html.text(text(e, "message")))
                    .append("</td><td class=\"latency num\">");
            Duration turn = latency.at(i);
            if (turn != null) {
                main.append(ResponseLatency.format(turn));
            }
            main.append("</td><td class=\"data\">");
            JsonValue data = e.get("data");
            if (data instanceof JsonObject object && !object.isEmpty()) {
                main.append("<code>").append(Html.text(object.toString())).append("</code>");
            }
            main.append("</td>");
            if (traceColumn) {
                String cell = traceCell(e, trace);
                main.append("<td class=\"trace\">")
                        .append(cell == null ? "" : cell)
                        .append("</td>");
            }
            main.append("</tr>\n");
        }
        main.append("</tbody>\n</table>\n");
        return Html.page("Call " + callId, dataStream, main.toString());
    }

    /** The page of a call without events. */
    static String notFound(String callId, String dataStream) {
        return Html.page(
                "No such call",
                dataStream,
                "<nav><a href=\"/\">&larr; All calls</a></nav>\n<h1>No such call</h1>\n<p class=\"empty\">No events "
                        + "for call <span class=\"call-id\">" + Html.text(callId) + "</span> in "
                        + Html.text(dataStream) + ".</p>\n");
    }

    /**
     * Where an event was logged, as the terminal view shows it below the event: {@code trace <trace_id>} when the call
     * has no single trace, then {@code span <span_id>}; null when there is nothing to show.
     */
    private static String traceCell(JsonObject e, String callTrace) {
        String span = CallDigest.string(e, "span_id");
        String trace = callTrace == null ? CallDigest.string(e, "trace_id") : null;
        if (span == null && trace == null) {
            return null;
        }
        StringBuilder cell = new StringBuilder();
        if (trace != null) {
            cell.append("<span class=\"trace-id\">trace ")
                    .append(Html.text(trace))
                    .append("</span>");
        }
        if (span != null) {
            cell.append(trace != null ? " " : "")
                    .append("<span class=\"span-id\">span ")
                    .append(Html.text(span))
                    .append("</span>");
        }
        return cell.toString();
    }

    private static String text(JsonObject o, String field) {
        return CallDigest.text(o, field);
    }
}
