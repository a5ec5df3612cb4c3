package dev.calllog.core.internal.mapping;

import java.util.function.Function;

/**
 * Reads a framework's logging event ({@code E}) for the core, the way {@link SourceEvent} does, but without a wrapper
 * object: a framework adapter keeps one reader and hands the core its own event with it, so that mapping an event
 * allocates nothing beyond the record it produces. The core takes every decision about the document; a reader only
 * reads.
 *
 * <p>Implementations are stateless (or hold only settings) and thread-safe: one instance serves every logging thread.
 * Called only on the logging (caller's) thread, during the framework's append, by
 * {@link CallLogMapper#map(Object, EventReader)}.
 *
 * @param <E> the framework's event type
 */
public interface EventReader<E> {

    /** The framework level, translated. */
    SourceLevel level(E event);

    /**
     * Applies {@code lookup} to the names of the markers attached to the event, including markers they reference,
     * depth first, and returns its first non-null result, or {@code null}.
     */
    <T> T findMarker(E event, Function<String, T> lookup);

    /** Seconds since the epoch of the event's timestamp. */
    long epochSecond(E event);

    /** Nanoseconds within {@link #epochSecond(Object)}: as much precision as the framework gives. */
    int nanoOfSecond(E event);

    /** The formatted message (placeholders substituted), or {@code null}. */
    String formattedMessage(E event);

    /** The event's throwable, or {@code null}. */
    Throwable throwable(E event);

    /** A value of the thread's context map (Logback MDC, Log4j ThreadContext), or {@code null}. */
    String contextValue(E event, String key);

    /**
     * Visits the event's own key-values: SLF4J 2 key-value pairs, Log4j {@code MapMessage} entries, structured
     * arguments. Never the unrelated context-map entries.
     */
    void visitKeyValues(E event, SourceEvent.KeyValueVisitor visitor);

    /**
     * The form of the event the shipping thread can map later, or {@code null} to have it mapped at once. Called on the
     * logging thread, once the event is known to be shipped. A form may be returned only when everything it holds is
     * fixed from now on: the framework does not reuse it, the context map and the formatted message are captured, every
     * key-value is an immutable value (a string, a boxed number or boolean). Its {@link LaterForm#retainedBytes()} is
     * what the buffer is bounded by, so it must not undercount. When it is small, the core leaves the rest of the
     * mapping to the shipping thread, which takes that work off the caller's thread. The default: {@code null}.
     */
    default LaterForm<?> later(E event) {
        return null;
    }

    /**
     * The buffer did not take {@code event}, whose form {@link #later} gave: a reader that counts what consecutive events
     * share once forgets what this one counted, on the logging thread. The default does nothing.
     */
    default void notBuffered(E event) {}
}
