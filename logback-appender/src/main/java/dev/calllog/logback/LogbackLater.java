package dev.calllog.logback;

import dev.calllog.core.internal.mapping.EventReader;
import dev.calllog.core.internal.mapping.SizeEstimator;
import dev.calllog.core.internal.mapping.SourceEvent.KeyValueVisitor;
import dev.calllog.core.internal.mapping.SourceLevel;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.event.KeyValuePair;

/**
 * What the buffer keeps of a Logback event mapped later, on the shipping thread: its timestamp, formatted message,
 * MDC map and key-values, and nothing else of Logback's event (its marker list, arguments, thread name, logger context
 * and any caller data another appender computes on it are left to the garbage collector). Every part is fixed: the
 * formatted message and the MDC map are Logback's own captures, which it never changes; the key-values hold only
 * immutable values (checked by {@link LogbackEventReader#later}).
 */
final class LogbackLater {
    /** This object: header, the timestamp and four references. */
    static final long BYTES = SizeEstimator.OBJECT + 8 + 4 + 3 * SizeEstimator.REFERENCE;

    final long epochSecond;
    final int nanoOfSecond;
    final String message;
    final Map<String, String> mdc;
    final List<KeyValuePair> keyValues;

    LogbackLater(long epochSecond, int nanoOfSecond, String message, Map<String, String> mdc, List<KeyValuePair> kvs) {
        this.epochSecond = epochSecond;
        this.nanoOfSecond = nanoOfSecond;
        this.message = message;
        this.mdc = mdc;
        this.keyValues = kvs;
    }

    /**
     * Reads a {@link LogbackLater} on the shipping thread. The level and markers were decided on the logging thread,
     * and such an event has no throwable.
     */
    static final class Reader implements EventReader<LogbackLater> {
        static final Reader INSTANCE = new Reader();

        private Reader() {}

        @Override
        public SourceLevel level(LogbackLater event) {
            throw new IllegalStateException("the level of a call-log event is decided on the logging thread");
        }

        @Override
        public <T> T findMarker(LogbackLater event, Function<String, T> lookup) {
            throw new IllegalStateException("the event of a call-log event is decided on the logging thread");
        }

        @Override
        public long epochSecond(LogbackLater event) {
            return event.epochSecond;
        }

        @Override
        public int nanoOfSecond(LogbackLater event) {
            return event.nanoOfSecond;
        }

        @Override
        public String formattedMessage(LogbackLater event) {
            return event.message;
        }

        @Override
        public Throwable throwable(LogbackLater event) {
            return null;
        }

        @Override
        public String contextValue(LogbackLater event, String key) {
            return event.mdc == null ? null : event.mdc.get(key);
        }

        @Override
        public void visitKeyValues(LogbackLater event, KeyValueVisitor visitor) {
            LogbackEventReader.visitPairs(event.keyValues, visitor);
        }
    }
}
