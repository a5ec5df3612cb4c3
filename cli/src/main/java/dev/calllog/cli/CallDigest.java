package dev.calllog.cli;

import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.catalog.Level;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one call's events say about the call, as both views summarise it: how it ended, its agent and account, its time
 * span and its events per level.
 *
 * @param outcome how it ended
 * @param agentId the first agent id among its events, or null
 * @param accountId the first account id among its events, or null
 * @param first when its first event happened
 * @param last when its last event happened
 * @param levels its events per level, in level order (levels without events are absent)
 */
public record CallDigest(
        CallLogSearch.Outcome outcome,
        String agentId,
        String accountId,
        Instant first,
        Instant last,
        Map<Level, Integer> levels) {

    /**
     * The digest of a call's events.
     *
     * @param events its documents in order (see {@link CallLogSearch#timeline}); at least one
     */
    public static CallDigest of(List<JsonObject> events) {
        boolean failed = false;
        boolean transferred = false;
        boolean completed = false;
        String agent = null;
        String account = null;
        Map<Level, Integer> levels = new EnumMap<>(Level.class);
        for (JsonObject e : events) {
            String event = text(e, "event");
            failed |= event.equals(EventCodes.CALL_FAILED);
            transferred |= event.equals(EventCodes.TRANSFER_COMPLETED);
            completed |= event.equals(EventCodes.CALL_COMPLETED);
            agent = agent == null ? string(e, "agent_id") : agent;
            account = account == null ? string(e, "account_id") : account;
            Level level = Level.parse(text(e, "level"));
            if (level != null) {
                levels.merge(level, 1, Integer::sum);
            }
        }
        return new CallDigest(
                CallLogSearch.Outcome.of(failed, transferred, completed),
                agent,
                account,
                timestamp(events.get(0)),
                timestamp(events.get(events.size() - 1)),
                Collections.unmodifiableMap(levels));
    }

    /** When the event happened. */
    public static Instant timestamp(JsonObject event) {
        return Instant.parse(event.getString("@timestamp"));
    }

    /** A field as text: a string as it is, another value as JSON, an absent one as "". */
    public static String text(JsonObject o, String field) {
        JsonValue v = o.get(field);
        return v == null || v == JsonValue.NULL ? "" : v instanceof JsonString s ? s.getString() : v.toString();
    }

    /** A string field's value, or null when it is absent or not a string. */
    public static String string(JsonObject o, String field) {
        return o.get(field) instanceof JsonString s ? s.getString() : null;
    }

    /**
     * The trace id ({@code trace_id}) the call's events share, shown once for the whole call: null when none has one
     * or when they name several (events without a trace id aside).
     */
    public static String sharedTrace(List<JsonObject> events) {
        String trace = null;
        for (JsonObject e : events) {
            String t = string(e, "trace_id");
            if (t != null) {
                if (trace != null && !trace.equals(t)) {
                    return null;
                }
                trace = t;
            }
        }
        return trace;
    }
}
