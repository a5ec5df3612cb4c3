package dev.calllog.log4j2;

import dev.calllog.core.internal.mapping.EventReader;
import dev.calllog.core.internal.mapping.SourceEvent.KeyValueVisitor;
import dev.calllog.core.internal.mapping.SourceLevel;
import java.util.Set;
import java.util.function.Function;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.MapMessage;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.StructuredDataMessage;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Reads Log4j's {@link LogEvent} for the core, the Log4j way, deciding nothing about the document. Holds only settings:
 * one instance serves every thread of an appender, and reading an event allocates nothing.
 *
 * <p>Only valid during {@code Appender.append}: with async loggers the event is a reused {@code RingBufferLogEvent}
 * (and a {@code MutableLogEvent} in garbage-free mode), so the core reads everything it needs before {@code append}
 * returns and never keeps this object.
 *
 * <ul>
 *   <li><b>Message.</b> The formatted message, except for a {@link MapMessage} (including {@code StringMapMessage}),
 *       whose formatted form is its map rather than a sentence: its message is the value of its {@code message} key
 *       (for a {@link StructuredDataMessage} without one, its free-text message), else none.
 *   <li><b>Key-values.</b> The entries of a {@link MapMessage}, except {@code message}, with their values as logged;
 *       and, for events logged through the SLF4J 2 fluent API of {@code log4j-slf4j2-impl}, the key-values given to
 *       {@code addKeyValue}. That bridge puts them into the {@code ThreadContext} for the duration of the call (as
 *       strings), so they arrive mixed with the thread's context: they are the event's context entries minus the
 *       keys the appender reads as context (the id keys and {@code mdcDataKeys}). A context entry of another key that
 *       is present during such a call cannot be told apart from a key-value and is read as one. For every other event
 *       the context map is never read as key-values.
 * </ul>
 */
final class Log4jEventReader implements EventReader<LogEvent> {
    /**
     * {@code getLoggerFqcn()} of the events that {@code log4j-slf4j2-impl}'s fluent {@code LoggingEventBuilder} logs.
     */
    static final String SLF4J_EVENT_BUILDER_FQCN = "org.apache.logging.slf4j.Log4jEventBuilder";

    /** The key of a {@link MapMessage} that holds its human message. */
    static final String MESSAGE_KEY = "message";

    /** Marker parents deeper than this are not followed (protects against cyclic marker graphs). */
    private static final int MAX_MARKER_DEPTH = 8;

    // The visitor travels as the callbacks' state, so that they are built once, not per event.
    private static final TriConsumer<String, Object, KeyValueVisitor> MAP_ENTRY = (key, value, visitor) -> {
        if (key != null && !MESSAGE_KEY.equals(key)) {
            visitor.visit(key, value);
        }
    };

    private final Set<String> contextKeys;
    private final TriConsumer<String, Object, KeyValueVisitor> contextEntry;

    /**
     * @param contextKeys the {@code ThreadContext} keys the appender reads as context, never key-values; {@code null}
     *     when no ThreadContext entry is to be read as a key-value (the default: see {@code slf4jKeyValues})
     */
    Log4jEventReader(Set<String> contextKeys) {
        this.contextKeys = contextKeys;
        this.contextEntry = (key, value, visitor) -> {
            if (key != null && value != null && !contextKeys.contains(key)) {
                visitor.visit(key, value);
            }
        };
    }

    @Override
    public SourceLevel level(LogEvent event) {
        return level(event.getLevel());
    }

    /**
     * Translates a Log4j level. A custom level maps to the least severe standard level it is at least as severe as
     * (Log4j's smaller {@code intLevel} is more severe): {@code NOTICE} (350) is INFO, {@code VERBOSE} (550) is TRACE.
     */
    static SourceLevel level(Level level) {
        int i = level == null ? Level.INFO.intLevel() : level.intLevel();
        if (i <= Level.FATAL.intLevel()) {
            return SourceLevel.FATAL;
        } else if (i <= Level.ERROR.intLevel()) {
            return SourceLevel.ERROR;
        } else if (i <= Level.WARN.intLevel()) {
            return SourceLevel.WARN;
        } else if (i <= Level.INFO.intLevel()) {
            return SourceLevel.INFO;
        } else if (i <= Level.DEBUG.intLevel()) {
            return SourceLevel.DEBUG;
        }
        return SourceLevel.TRACE;
    }

    @Override
    public <T> T findMarker(LogEvent event, Function<String, T> lookup) {
        return find(event.getMarker(), lookup, 0);
    }

    private static <T> T find(Marker marker, Function<String, T> lookup, int depth) {
        if (marker == null) {
            return null;
        }
        T found = lookup.apply(marker.getName());
        if (found != null) {
            return found;
        }
        // hasParents() first: getParents() copies the array.
        if (depth < MAX_MARKER_DEPTH && marker.hasParents()) {
            for (Marker parent : marker.getParents()) {
                found = find(parent, lookup, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public long epochSecond(LogEvent event) {
        return event.getInstant().getEpochSecond();
    }

    @Override
    public int nanoOfSecond(LogEvent event) {
        return event.getInstant().getNanoOfSecond();
    }

    @Override
    public String formattedMessage(LogEvent event) {
        Message message = event.getMessage();
        if (message == null) {
            return null;
        }
        if (message instanceof MapMessage) {
            Object text =
                    ((MapMessage<?, ?>) message).getIndexedReadOnlyStringMap().getValue(MESSAGE_KEY);
            if (text != null) {
                return text.toString();
            }
            if (message instanceof StructuredDataMessage) {
                String format = message.getFormat();
                return format == null || format.isEmpty() ? null : format;
            }
            return null;
        }
        if (message.getFormat() == null) {
            // log((String) null): Log4j formats the absent pattern as "null"; there is no message, as in Logback.
            return null;
        }
        return message.getFormattedMessage();
    }

    @Override
    public Throwable throwable(LogEvent event) {
        return event.getThrown();
    }

    @Override
    public String contextValue(LogEvent event, String key) {
        ReadOnlyStringMap context = event.getContextData();
        if (context == null || key == null) {
            return null;
        }
        Object value = context.getValue(key);
        return value == null ? null : value.toString();
    }

    @Override
    public void visitKeyValues(LogEvent event, KeyValueVisitor visitor) {
        Message message = event.getMessage();
        if (message instanceof MapMessage) {
            ((MapMessage<?, ?>) message).forEach(MAP_ENTRY, visitor);
        }
        if (contextKeys != null && SLF4J_EVENT_BUILDER_FQCN.equals(event.getLoggerFqcn())) {
            ReadOnlyStringMap context = event.getContextData();
            if (context != null) {
                context.forEach(contextEntry, visitor);
            }
        }
    }
}
