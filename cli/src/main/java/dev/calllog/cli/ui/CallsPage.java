package dev.calllog.cli.ui;

import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallQuery;
import dev.calllog.cli.TimelineView;
import dev.calllog.core.catalog.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of recent calls, with the search form: id, agent, start, duration, worst level, event count and outcome,
 * latest activity first; each call id links to its timeline.
 */
final class CallsPage {
    /** The periods the form offers, as {@code CallQuery.since} takes them; "" is any time. */
    static final List<String> PERIODS = List.of("", "15m", "1h", "6h", "1d", "7d", "30d");

    private CallsPage() {}

    /**
     * @param query what was asked for
     * @param calls what it found
     * @param agents the agents the form offers
     * @param dataStream where the calls were read
     */
    static String render(CallQuery query, List<CallSummary> calls, List<String> agents, String dataStream) {
        StringBuilder main = new StringBuilder();
        main.append("<h1>Calls</h1>\n");
        form(main, query, agents);
        if (calls.isEmpty()) {
            main.append("<p class=\"empty\">No calls match.</p>\n");
        } else {
            main.append("<p class=\"count\">")
                    .append(calls.size())
                    .append(calls.size() == 1 ? " call" : " calls")
                    .append(", latest activity first")
                    .append(calls.size() == query.last() ? " (the latest " + query.last() + ")" : "")
                    .append(".</p>\n");
            table(main, calls);
        }
        return Html.page("Calls", dataStream, main.toString());
    }

    private static void form(StringBuilder out, CallQuery query, List<String> agents) {
        out.append("<form class=\"search\" method=\"get\" action=\"/\">\n");
        out.append("<label>Call id <input type=\"search\" name=\"call\" value=\"")
                .append(Html.text(query.callId()))
                .append("\" placeholder=\"part of an id\" maxlength=\"200\"></label>\n");

        List<String> agentOptions = new ArrayList<>(agents);
        if (query.agentId() != null && !agentOptions.contains(query.agentId())) {
            agentOptions.add(0, query.agentId());
        }
        out.append("<label>Agent <select name=\"agent\">");
        option(out, "", "any", query.agentId() == null);
        for (String agent : agentOptions) {
            option(out, agent, agent, agent.equals(query.agentId()));
        }
        out.append("</select></label>\n");

        out.append("<label>Level <select name=\"level\">");
        option(out, "", "any", query.level() == null);
        for (Level level : List.of(Level.WARNING, Level.ERROR, Level.CRITICAL)) {
            option(
                    out,
                    level.name(),
                    level.name() + (level == Level.CRITICAL ? "" : " or worse"),
                    level == query.level());
        }
        out.append("</select></label>\n");

        out.append("<label>Active in the last <select name=\"since\">");
        String since = query.since() == null ? "" : query.since();
        List<String> periods = new ArrayList<>(PERIODS);
        if (!periods.contains(since)) {
            periods.add(since);
        }
        for (String period : periods) {
            option(out, period, period.isEmpty() ? "any time" : period, period.equals(since));
        }
        out.append("</select></label>\n");
        out.append("<button type=\"submit\">Search</button> <a class=\"clear\" href=\"/\">Clear</a>\n</form>\n");
    }

    private static void option(StringBuilder out, String value, String label, boolean selected) {
        out.append("<option value=\"")
                .append(Html.text(value))
                .append('"')
                .append(selected ? " selected" : "")
                .append('>')
                .append(Html.text(label))
                .append("</option>");
    }

    private static void table(StringBuilder out, List<CallSummary> calls) {
        out.append("<table class=\"calls\">\n<thead><tr><th>Call</th><th>Agent</th><th>Start (UTC)</th>"
                + "<th class=\"num\">Duration</th><th>Worst level</th><th class=\"num\">Events</th>"
                + "<th>Outcome</th></tr></thead>\n<tbody>\n");
        for (CallSummary call : calls) {
            Level worst = call.worstLevel();
            String worstName = worst == null ? "" : worst.name();
            out.append("<tr class=\"call worst-")
                    .append(worst == null ? "other" : worstName)
                    .append("\">")
                    .append("<td class=\"call-id\"><a href=\"")
                    .append(Html.text(Html.callHref(call.callId())))
                    .append("\">")
                    .append(Html.text(call.callId()))
                    .append("</a></td>");
            out.append("<td class=\"agent\">");
            if (call.agentId() == null) {
                out.append("-");
            } else {
                out.append("<a href=\"/?agent=")
                        .append(Html.text(Html.param(call.agentId())))
                        .append("\">")
                        .append(Html.text(call.agentId()))
                        .append("</a>");
            }
            out.append("</td>");
            out.append("<td class=\"start\">")
                    .append(TimelineView.DATE_TIME.format(call.firstEvent()))
                    .append("</td>");
            out.append("<td class=\"duration num\">")
                    .append(Html.duration(call.duration()))
                    .append("</td>");
            out.append("<td class=\"worst\">")
                    .append(worst == null ? "-" : Html.levelBadge(worstName))
                    .append("</td>");
            out.append("<td class=\"events num\">").append(call.events()).append("</td>");
            out.append("<td class=\"outcome outcome-")
                    .append(call.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\">")
                    .append(Html.text(call.outcome().label()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }
}
