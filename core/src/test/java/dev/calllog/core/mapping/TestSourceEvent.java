package dev.calllog.core.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SourceEvent} built by hand, for tests: level, markers (with references), timestamp, message, throwable,
 * context map and key-values.
 *
 * <pre>{@code
 * SourceEvent e = TestSourceEvent.builder()
 *         .level(SourceLevel.ERROR)
 *         .marker("integration_tool_failed")
 *         .mdc("call_id", "c-1")
 *         .kv("tool", "crm_lookup")
 *         .build();
 * }</pre>
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
        this.mdc = new HashMap<>(b.mdc);
        this.keyValues = new ArrayList<>(b.keyValues);
    }

    public static Builder builder() {
        return new Builder();
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
        private final Map<String, String> mdc = new HashMap<>();
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
