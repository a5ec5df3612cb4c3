package dev.calllog.testsupport;

import dev.calllog.core.mapping.SourceEvent;
import dev.calllog.core.mapping.SourceLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A logging event built by hand, handed to the core as an adapter would: an event code, ids and key-values. */
final class TestEvent implements SourceEvent {
    private final SourceLevel level;
    private final String eventCode;
    private final Instant time;
    private final String message;
    private final Map<String, String> context = new HashMap<>();
    private final List<Map.Entry<String, Object>> keyValues = new ArrayList<>();

    private TestEvent(SourceLevel level, String eventCode, String callId, Instant time, String message) {
        this.level = level;
        this.eventCode = eventCode;
        this.time = time;
        this.message = message;
        context.put("call_id", callId);
    }

    static TestEvent of(SourceLevel level, String eventCode, String callId) {
        return new TestEvent(level, eventCode, callId, Instant.now(), null);
    }

    static TestEvent info(String eventCode, String callId) {
        return of(SourceLevel.INFO, eventCode, callId);
    }

    /** Adds a key-value; a key may come again (the last value wins, as with the frameworks). */
    TestEvent kv(String key, Object value) {
        keyValues.add(new java.util.AbstractMap.SimpleEntry<>(key, value));
        return this;
    }

    /** Puts a context-map (MDC) entry, such as {@code agent_id}. */
    TestEvent context(String key, String value) {
        context.put(key, value);
        return this;
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
        return message;
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
    public void visitKeyValues(KeyValueVisitor visitor) {
        for (Map.Entry<String, Object> kv : keyValues) {
            visitor.visit(kv.getKey(), kv.getValue());
        }
    }
}
