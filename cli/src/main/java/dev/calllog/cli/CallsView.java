package dev.calllog.cli;

import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallLogSearch.Outcome;
import dev.calllog.core.catalog.Level;
import java.util.List;

/**
 * Renders recent calls, one per line, latest first: when their last event happened, their id, how they ended, how many
 * events they have and how many of those are warnings, errors and critical, and their agent.
 *
 * <pre>
 * LAST EVENT (UTC)         CALL       OUTCOME      EVENTS  WARNING  ERROR  CRITICAL  AGENT
 * 2026-11-23 18:51:06.702  call-1005  completed        12        0      0         0  agent-sales
 * </pre>
 */
public final class CallsView {
    private CallsView() {}

    /**
     * The text of a list of calls.
     *
     * @param calls the calls, in the order to show them
     * @param color whether to colour failures and non-zero problem counts with ANSI escapes
     */
    public static String render(List<CallSummary> calls, boolean color) {
        int idWidth = "CALL".length();
        for (CallSummary call : calls) {
            idWidth = Math.max(idWidth, TimelineView.printable(call.callId()).length());
        }
        String row = "%-23s  %-" + idWidth + "s  %-11s  %6s  %7s  %5s  %8s  %s";
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                                row,
                                "LAST EVENT (UTC)",
                                "CALL",
                                "OUTCOME",
                                "EVENTS",
                                "WARNING",
                                "ERROR",
                                "CRITICAL",
                                "AGENT")
                        .stripTrailing())
                .append('\n');
        for (CallSummary call : calls) {
            String line = String.format(
                    row,
                    TimelineView.DATE_TIME.format(call.lastEvent()),
                    TimelineView.printable(call.callId()),
                    paint(
                            call.outcome() == Outcome.FAILED,
                            "ERROR",
                            call.outcome().label(),
                            11,
                            false,
                            color),
                    call.events(),
                    paint(call.count(Level.WARNING) > 0, "WARNING", call.count(Level.WARNING), 7, true, color),
                    paint(call.count(Level.ERROR) > 0, "ERROR", call.count(Level.ERROR), 5, true, color),
                    paint(call.count(Level.CRITICAL) > 0, "CRITICAL", call.count(Level.CRITICAL), 8, true, color),
                    call.agentId() == null ? "-" : TimelineView.printable(call.agentId()));
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The value padded to {@code width}; when it matters and colours are on, coloured as {@code level}. */
    private static String paint(boolean matters, String level, Object value, int width, boolean right, boolean color) {
        String text = String.valueOf(value);
        String pad = " ".repeat(Math.max(0, width - text.length()));
        if (color && matters) {
            text = Ansi.levelColor(level) + text + Ansi.RESET;
        }
        return right ? pad + text : text + pad;
    }
}
