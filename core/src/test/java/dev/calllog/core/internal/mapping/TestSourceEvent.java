package dev.calllog.core.internal.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one stand-in for a logging event in every module's tests: a {@link SourceEvent} built by hand (level, markers
 * with references, timestamp, message, throwable, context map and key-values), or captured from an adapter's event as
 * the core's mapper reads it ({@link #copyOf}), for tests that check what the adapter hands over.
 *
 * <pre>{@code
 * SourceEvent e = TestSourceEvent.builder()
 *         .level(SourceLevel.ERROR)
 *         .marker("integration_tool_failed")
 *         .mdc("call_id", "c-1")
 *         .kv("tool", "crm_lookup")
 *         .build();
 * SourceEvent now = TestSourceEvent.call("call_completed", "c-2").time(Instant.now()).build();
 * }</pre>
 *
 * Other modules' tests get it from the core's {@code tests} jar.
 */
public final class TestSourceEvent implements SourceEvent {
    /** 2026-11-23T18:51:06.654321Z */
    public static final Instant DEFAULT_TIME = Instant.parse("2026-11-23T18:51:06.654321Z");

    private final SourceLevel level;
    private final List<Marker> markers;
    private final long epochSecond;
    private final int nanoOfSecond;
    private final String message;
    private final Throwable throwable;
    private final Map<String, String> mdc;
    private final List<Object[]> keyValues;

    private TestSourceEvent(Builder b) {
        this.level = b.level;
        this.markers = List.copyOf(b.markers);
        this.epochSecond = b.epochSecond;
        this.nanoOfSecond = b.nanoOfSecond;
        this.message = b.message;
        this.throwable = b.throwable;
        this.mdc = new LinkedHashMap<>(b.mdc);
        this.keyValues = new ArrayList<>(b.keyValues);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for an INFO event of a call: its event code as the marker, and {@code call_id} in the context map. */
    public static Builder call(String eventCode, String callId) {
        return builder().marker(eventCode).mdc("call_id", callId);
    }

    /**
     * Everything {@code event} tells, read at once as the core's mapper reads it on the caller's thread: markers (flat,
     * in the order visited), the context entries of {@code contextKeys}, and the key-values in order.
     */
    public static TestSourceEvent copyOf(SourceEvent event, Collection<String> contextKeys) {
        Builder b = builder()
                .level(event.level())
                .time(event.epochSecond(), event.nanoOfSecond())
                .message(event.formattedMessage())
                .throwable(event.throwable());
        event.visitMarkerNames(name -> {
            b.marker(name);
            return true;
        });
        for (String key : contextKeys) {
            String v = event.contextValue(key);
            if (v != null) {
                b.mdc(key, v);
            }
        }
        event.visitKeyValues(b::kv);
        return b.build();
    }

    /** The marker names, flat, in the order they are visited. */
    public List<String> markers() {
        List<String> names = new ArrayList<>();
        visitMarkerNames(name -> {
            names.add(name);
            return true;
        });
        return names;
    }

    /** The formatted message. */
    public String message() {
        return message;
    }

    /** The context map. */
    public Map<String, String> context() {
        return Map.copyOf(mdc);
    }

    /** The key-values by key, in order of first appearance; a key given twice keeps its last value. */
    public Map<String, Object> keyValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        visitKeyValues(m::put);
        return m;
    }

    /** A marker named {@code name} that references {@code references}. */
    public static Marker marker(String name, Marker... references) {
        return new Marker(name, List.of(references));
    }

    @Override
    public SourceLevel level() {
        return level;
    }

    @Override
    public void visitMarkerNames(MarkerVisitor visitor) {
        for (Marker m : markers) {
            if (!visit(m, visitor)) {
                return;
            }
        }
    }

    private static boolean visit(Marker m, MarkerVisitor visitor) {
        if (!visitor.visit(m.name())) {
            return false;
        }
        for (Marker r : m.references()) {
            if (!visit(r, visitor)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long epochSecond() {
        return epochSecond;
    }

    @Override
    public int nanoOfSecond() {
        return nanoOfSecond;
    }

    @Override
    public String formattedMessage() {
        return message;
    }

    @Override
    public Throwable throwable() {
        return throwable;
    }

    @Override
    public String contextValue(String key) {
        return mdc.get(key);
    }

    @Override
    public void visitKeyValues(KeyValueVisitor visitor) {
        for (Object[] kv : keyValues) {
            visitor.visit((String) kv[0], kv[1]);
        }
    }

    /** A marker and the markers it references. */
    public record Marker(String name, List<Marker> references) {}

    public static final class Builder {
        private SourceLevel level = SourceLevel.INFO;
        private final List<Marker> markers = new ArrayList<>();
        private long epochSecond = DEFAULT_TIME.getEpochSecond();
        private int nanoOfSecond = DEFAULT_TIME.getNano();
        private String message;
        private Throwable throwable;
        private final Map<String, String> mdc = new LinkedHashMap<>();
        private final List<Object[]> keyValues = new ArrayList<>();

        private Builder() {}

        public Builder level(SourceLevel level) {
            this.level = level;
            return this;
        }

        /** Adds markers without references. */
        public Builder marker(String... names) {
            Arrays.stream(names).forEach(n -> markers.add(TestSourceEvent.marker(n)));
            return this;
        }

        /** Adds a marker, possibly with references. */
        public Builder marker(Marker marker) {
            markers.add(marker);
            return this;
        }

        public Builder time(long epochSecond, int nanoOfSecond) {
            this.epochSecond = epochSecond;
            this.nanoOfSecond = nanoOfSecond;
            return this;
        }

        public Builder time(Instant instant) {
            return time(instant.getEpochSecond(), instant.getNano());
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder throwable(Throwable throwable) {
            this.throwable = throwable;
            return this;
        }

        /** A context-map (MDC) entry. */
        public Builder mdc(String key, String value) {
            mdc.put(key, value);
            return this;
        }

        /** A key-value of the event, in order; the same key may be given twice. */
        public Builder kv(String key, Object value) {
            keyValues.add(new Object[] {key, value});
            return this;
        }

        public TestSourceEvent build() {
            return new TestSourceEvent(this);
        }
    }
}
