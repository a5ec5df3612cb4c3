package dev.calllog.demo;

import dev.calllog.core.catalog.Level;
import java.time.Instant;
import java.util.Map;

/**
 * One event of a simulated call, with the time it happens: the demo logs it through the framework with that time as
 * the event's own, as an application replaying its calls would.
 *
 * @param at when it happens
 * @param callId the call (MDC {@code call_id})
 * @param agentId the agent (MDC {@code agent_id})
 * @param accountId the account (MDC {@code account_id})
 * @param turnId the conversation turn (MDC {@code turn_id}), or null
 * @param code the event code (the marker)
 * @param level the level it is logged at: INFO, WARNING or ERROR (the event's floor may raise it)
 * @param message the message
 * @param data the key-values, in order
 * @param error the throwable logged with it, or null
 */
public record SimulatedEvent(
        Instant at,
        String callId,
        String agentId,
        String accountId,
        String turnId,
        String code,
        Level level,
        String message,
        Map<String, Object> data,
        Throwable error) {

    /** The MDC of the event: the ids it carries. */
    public Map<String, String> mdc() {
        Map<String, String> mdc = new java.util.LinkedHashMap<>();
        mdc.put("call_id", callId);
        mdc.put("agent_id", agentId);
        mdc.put("account_id", accountId);
        if (turnId != null) {
            mdc.put("turn_id", turnId);
        }
        return mdc;
    }
}
