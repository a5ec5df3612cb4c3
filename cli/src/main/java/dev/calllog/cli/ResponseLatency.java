package dev.calllog.cli;

import dev.calllog.core.catalog.EventCodes;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's response latency of each turn of one call: from the moment the contact stopped speaking
 * ({@code user_stopped_speaking}) to the moment the agent started speaking next ({@code agent_started_speaking}), with
 * the call's percentiles.
 *
 * <p>Computed when the call is read, from its events in the order they happened ({@code @timestamp}, then
 * {@code seq}), never when they are logged: a late or out-of-order event takes its place in that order, so the next
 * read gives the right value, whereas a value written with the event could not be corrected. The rules:
 *
 * <ul>
 *   <li>the latency runs from the contact's <em>last</em> stop before the agent starts: a contact who pauses and
 *       speaks again ({@code user_started_speaking}) has not finished the turn;
 *   <li>an agent start with no stop of the contact before it (the greeting, or speaking again after an interruption)
 *       has no latency, and neither has a stop the agent never answered.
 * </ul>
 */
public final class ResponseLatency {
    private static final ResponseLatency NONE = new ResponseLatency(Map.of());

    private final Map<Integer, Duration> byEvent;
    private final List<Duration> sorted;

    private ResponseLatency(Map<Integer, Duration> byEvent) {
        this.byEvent = Collections.unmodifiableMap(byEvent);
        List<Duration> values = new ArrayList<>(byEvent.values());
        Collections.sort(values);
        this.sorted = List.copyOf(values);
    }

    /**
     * The latencies of one call.
     *
     * @param events the call's documents in the order they happened, as {@link CallLogSearch#timeline} reads them
     */
    public static ResponseLatency of(List<JsonObject> events) {
        Map<Integer, Duration> byEvent = new LinkedHashMap<>();
        Instant stopped = null;
        for (int i = 0; i < events.size(); i++) {
            JsonObject e = events.get(i);
            String event = e.get("event") instanceof JsonString s ? s.getString() : "";
            switch (event) {
                case EventCodes.USER_STARTED_SPEAKING -> stopped = null;
                case EventCodes.USER_STOPPED_SPEAKING -> stopped = TimelineView.timestamp(e);
                case EventCodes.AGENT_STARTED_SPEAKING -> {
                    if (stopped != null) {
                        byEvent.put(i, Duration.between(stopped, TimelineView.timestamp(e)));
                        stopped = null;
                    }
                }
                default -> {
                    // other events do not end or start a turn
                }
            }
        }
        return byEvent.isEmpty() ? NONE : new ResponseLatency(byEvent);
    }

    /** The latency the agent start at this position of the events ends, or null when it ends none. */
    public Duration at(int eventIndex) {
        return byEvent.get(eventIndex);
    }

    /** The positions of the agent starts that end a latency, with it, in order. */
    public Map<Integer, Duration> byEvent() {
        return byEvent;
    }

    /** How many turns have a latency. */
    public int turns() {
        return sorted.size();
    }

    /**
     * The nearest-rank percentile of the call's latencies: the smallest latency that at least {@code percent}% of the
     * turns do not exceed ({@code p50} of 4 turns is the 2nd smallest, {@code p95} the largest).
     *
     * @param percent 1 to 100
     * @return the latency, or null when no turn has one
     */
    public Duration percentile(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("percent must be 1 to 100, not " + percent);
        }
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    /** A latency as the views show it: whole milliseconds, {@code 640 ms}. */
    public static String format(Duration latency) {
        return Math.round(latency.toNanos() / 1_000_000.0) + " ms";
    }

    /** The call's summary line: {@code p50 640 ms, p95 1340 ms over 4 turns}; empty when no turn has a latency. */
    public String summary() {
        if (sorted.isEmpty()) {
            return "";
        }
        return "p50 " + format(percentile(50)) + ", p95 " + format(percentile(95)) + " over " + turns()
                + (turns() == 1 ? " turn" : " turns");
    }
}
