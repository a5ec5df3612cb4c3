package dev.calllog.cli;

import dev.calllog.core.mapping.SourceEvent;
import dev.calllog.core.mapping.SourceLevel;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A logging event handed to the core as an adapter would, at a chosen time: seeds data for the monitors. */
final class SeedEvent implements SourceEvent {
    private final SourceLevel level;
    private final String eventCode;
    private final Instant time;
    private final Map<String, String> context = new HashMap<>();

    SeedEvent(SourceLevel level, String eventCode, Instant time, String callId, String agentId, String accountId) {
        this.level = level;
        this.eventCode = eventCode;
        this.time = time;
        context.put("call_id", callId);
        if (agentId != null) {
            context.put("agent_id", agentId);
        }
        if (accountId != null) {
            context.put("account_id", accountId);
        }
    }

    @Override
    public SourceLevel level() {
        return level;
    }

    @Override
    public void visitMarkerNames(MarkerVisitor visitor) {
        visitor.visit(eventCode);
    }

    @Override
    public long epochSecond() {
        return time.getEpochSecond();
    }

    @Override
    public int nanoOfSecond() {
        return time.getNano();
    }

    @Override
    public String formattedMessage() {
        return eventCode;
    }

    @Override
    public Throwable throwable() {
        return null;
    }

    @Override
    public String contextValue(String key) {
        return context.get(key);
    }

    @Override
    public void visitKeyValues(KeyValueVisitor visitor) {}
}
