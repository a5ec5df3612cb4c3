package dev.calllog.testsupport.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One logical logging call, independent of the framework: the context (MDC / ThreadContext) in force, the level, the
 * marker names, the message (already formatted), the throwable and the event's own key-values, in order.
 */
public final class LogCall {
    /** Framework level names; {@code FATAL} exists only in the Log4j API. */
    public enum Level {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR,
        FATAL
    }

    private final Map<String, String> context = new LinkedHashMap<>();
    private Level level = Level.INFO;
    private final List<String> markers = new ArrayList<>();
    private String message;
    private Throwable throwable;
    private final Map<String, Object> keyValues = new LinkedHashMap<>();

    public static LogCall at(Level level) {
        LogCall c = new LogCall();
        c.level = level;
        return c;
    }

    public LogCall context(String key, String value) {
        context.put(key, value);
        return this;
    }

    public LogCall marker(String name) {
        markers.add(name);
        return this;
    }

    public LogCall message(String message) {
        this.message = message;
        return this;
    }

    public LogCall throwable(Throwable throwable) {
        this.throwable = throwable;
        return this;
    }

    public LogCall kv(String key, Object value) {
        keyValues.put(key, value);
        return this;
    }

    public Map<String, String> context() {
        return Collections.unmodifiableMap(context);
    }

    public Level level() {
        return level;
    }

    public List<String> markers() {
        return Collections.unmodifiableList(markers);
    }

    public String message() {
        return message;
    }

    public Throwable throwable() {
        return throwable;
    }

    public Map<String, Object> keyValues() {
        return Collections.unmodifiableMap(keyValues);
    }
}
