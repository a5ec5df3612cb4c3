package dev.calllog.core.internal.mapping;

import static dev.calllog.core.internal.mapping.CallLogMapper.CYCLE;
import static dev.calllog.core.internal.mapping.CallLogMapper.DEPTH_LIMIT;
import static dev.calllog.core.internal.mapping.CallLogMapper.MAX_DEPTH;
import static dev.calllog.core.internal.mapping.CallLogMapper.MAX_ENTRIES;
import static dev.calllog.core.internal.mapping.CallLogMapper.MAX_VALUE_CHARS;
import static dev.calllog.core.internal.mapping.CallLogMapper.TRUNCATED;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.json.JsonFragment;
import dev.calllog.core.internal.json.JsonWriter;
import dev.calllog.core.internal.redact.DataRedactor;
import dev.calllog.core.internal.redact.KeyRule;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Collects one event's {@code data} on the logging thread, applying the rules described on {@link CallLogMapper}.
 * Used by one thread, for one event at a time ({@link #begin} to {@link #end}), and reused: the record gets a copy of
 * the entries, so that collecting allocates nothing for the usual scalar values.
 */
final class DataSnapshot implements SourceEvent.KeyValueVisitor {
    // Above this many entries, keys are found through a hash map rather than by scanning.
    private static final int LINEAR_SEARCH_MAX = 16;
    private static final Object[] NO_ENTRIES = new Object[0];
    // Kept between events up to these sizes; larger ones (a rare event with huge data) are let go.
    private static final int KEPT_ENTRIES = 64;
    private static final int KEPT_BUFFER_BYTES = 8 * 1024;

    private final ThrottledStatus status;
    private final DataRedactor redactor;

    private boolean inUse;
    private String eventCode;
    /** Characters {@code data} may take (keys, values, punctuation), so that a huge value is never copied whole. */
    private long budget;
    /** Characters taken so far (an estimate that never undercounts the characters written). */
    private long used;

    /** Keys and values in document order, interleaved: key {@code i} at {@code 2i}, its value at {@code 2i+1}. */
    private Object[] entries = new Object[16];

    private int size;
    private Map<String, Integer> index;

    String errorType;
    String errorMessage;
    private boolean errorFromEvent;

    /** Whether a size, depth or cycle limit cut something. */
    boolean cut;

    // Created on first use, since most events hold scalars only: the buffer containers are serialised into, and the
    // containers being serialised, outermost first.
    private ByteBuf buf;
    private Object[] path;
    /** Bytes the container being serialised may take. */
    private long limit = Long.MAX_VALUE;

    DataSnapshot(ThrottledStatus status, DataRedactor redactor) {
        this.status = status;
        this.redactor = redactor;
    }

    /** Whether an event is being collected (a value's {@code toString()} may log another event on the same thread). */
    boolean inUse() {
        return inUse;
    }

    /** Starts collecting the data of an event of {@code eventCode}, which may take {@code budget} characters. */
    void begin(String eventCode, long budget) {
        this.inUse = true;
        this.eventCode = eventCode;
        this.budget = budget;
    }

    /** Forgets the event collected, keeping the buffers (within bounds) for the next one. */
    void end() {
        Arrays.fill(entries, 0, 2 * size, null);
        if (entries.length > 2 * KEPT_ENTRIES) {
            entries = new Object[16];
        }
        size = 0;
        index = null;
        used = 0;
        budget = 0;
        eventCode = null;
        errorType = null;
        errorMessage = null;
        errorFromEvent = false;
        cut = false;
        limit = Long.MAX_VALUE;
        if (buf != null && buf.array().length > KEPT_BUFFER_BYTES) {
            buf = null;
            path = null;
        }
        inUse = false;
    }

    /** A copy of the entries collected, interleaved (see {@link CallLogRecord}). */
    Object[] entries() {
        return size == 0 ? NO_ENTRIES : Arrays.copyOf(entries, 2 * size);
    }

    /** Characters the data takes at most when written (entries and error). */
    long used() {
        return used;
    }

    /** The event's own throwable: {@code data.error}, whatever the key-values hold. */
    void eventError(Throwable t) {
        setError(t);
        errorFromEvent = true;
    }

    @Override
    public void visit(String key, Object value) {
        if (key != null && key.length() <= MAX_VALUE_CHARS && size < LINEAR_SEARCH_MAX && isPlain(value)) {
            // The usual case: a short key and a string, boxed number or boolean, with room in a small data.
            long room = budget - used - key.length() - 6;
            long length = value instanceof String s ? s.length() : 24;
            if (length <= room && length <= MAX_VALUE_CHARS) {
                int i = indexOf(key);
                used += key.length() + 6 + length;
                if (i >= 0) {
                    entries[2 * i + 1] = value;
                } else {
                    add(key, value);
                }
                return;
            }
        }
        visitAny(key, value);
    }

    /**
     * Whether {@code v} is kept as it is and has a bounded size: a string, or an immutable boxed number (finite) or
     * boolean. Exact class checks, cheaper than the {@code instanceof} chain of the general case.
     */
    private static boolean isPlain(Object v) {
        if (v == null) {
            return false;
        }
        Class<?> c = v.getClass();
        if (c == Double.class) {
            return Double.isFinite((Double) v);
        }
        return c == String.class
                || c == Long.class
                || c == Integer.class
                || c == Boolean.class
                || c == Short.class
                || c == Byte.class;
    }

    private void visitAny(String key, Object value) {
        if (value instanceof Throwable t) {
            if (!errorFromEvent) {
                setError(t);
            }
            return;
        }
        String k = key != null ? key : "null";
        int i = indexOf(k);
        if (i < 0 && size == MAX_ENTRIES) {
            cut = true;
            return;
        }
        if (k.length() > MAX_VALUE_CHARS) {
            k = fit(k, MAX_VALUE_CHARS);
        }
        long room = budget - used - k.length() - 6;
        if (room < 0) {
            cut = true;
            return;
        }
        Object v = snapshot(value, room);
        used += k.length() + 6 + sizeOf(v);
        if (i >= 0) {
            entries[2 * i + 1] = v;
        } else {
            add(k, v);
        }
    }

    /** Drops a plain {@code error} entry when there is an error object. */
    void finish() {
        if (errorType != null) {
            int i = indexOf("error");
            if (i >= 0) {
                System.arraycopy(entries, 2 * i + 2, entries, 2 * i, 2 * (size - i - 1));
                size--;
                entries[2 * size] = null;
                entries[2 * size + 1] = null;
            }
        }
    }

    private int indexOf(String key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (entries[2 * i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private void add(String key, Object value) {
        if (2 * size == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[2 * size] = key;
        entries[2 * size + 1] = value;
        size++;
        if (index != null) {
            index.put(key, size - 1);
        } else if (size > LINEAR_SEARCH_MAX) {
            index = new HashMap<>();
            for (int i = 0; i < size; i++) {
                index.put((String) entries[2 * i], i);
            }
        }
    }

    private void setError(Throwable t) {
        errorType = simpleName(t.getClass());
        try {
            errorMessage = t.getMessage();
        } catch (RuntimeException ex) {
            errorMessage = "[getMessage failed: " + simpleName(ex.getClass()) + "]";
        }
        if (errorMessage != null) {
            errorMessage = fit(errorMessage, Math.max(0, budget - used - 64));
            used += errorMessage.length() + 64;
        }
    }

    /** Characters a snapshotted value takes when written (strings: at least their length). */
    private static long sizeOf(Object v) {
        if (v instanceof String s) {
            return s.length();
        }
        if (v instanceof JsonFragment f) {
            return f.length();
        }
        return 24;
    }

    /**
     * {@code s}, or its beginning and {@link DocumentWriter#TRUNCATION_MARK} when it is longer than {@code room} or
     * {@link CallLogMapper#MAX_VALUE_CHARS}.
     */
    private String fit(String s, long room) {
        room = Math.min(room, MAX_VALUE_CHARS);
        if (s.length() <= room) {
            return s;
        }
        cut = true;
        int keep = (int) Math.max(0, Math.min(Integer.MAX_VALUE, room - DocumentWriter.TRUNCATION_MARK.length()));
        return CallLogMapper.cut(s, keep) + DocumentWriter.TRUNCATION_MARK;
    }

    /**
     * An immutable form of a top-level value: kept as is when it is an immutable JDK value, else converted; strings and
     * serialised containers are cut to {@code room} characters.
     */
    private Object snapshot(Object v, long room) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return fit(s, room);
        }
        if (v instanceof CharSequence cs && !(v instanceof String)) {
            return fit(
                    cs.length() > room
                            ? cs.subSequence(0, (int) Math.min(cs.length(), room + 1))
                                    .toString()
                            : cs.toString(),
                    room);
        }
        if (v instanceof char[] chars) {
            return fit(new String(chars, 0, (int) Math.min(chars.length, room + 1)), room);
        }
        if (isContainer(v)) {
            limit = room;
            return serialise(v);
        }
        Object plain = snapshot(v);
        return plain instanceof String s ? fit(s, room) : plain;
    }

    /** An immutable form of a top-level value: kept as is when it is an immutable JDK value, else converted. */
    private Object snapshot(Object v) {
        if (v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : d.toString();
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f : f.toString();
        }
        if (v.getClass() == BigDecimal.class || v.getClass() == BigInteger.class) {
            return v;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof char[] chars) {
            return new String(chars);
        }
        if (isContainer(v)) {
            return serialise(v);
        }
        return text(v);
    }

    private static boolean isContainer(Object v) {
        return v instanceof Map || v instanceof Iterable || v.getClass().isArray() && !(v instanceof char[]);
    }

    private Object serialise(Object container) {
        if (buf == null) {
            buf = new ByteBuf(256);
            path = new Object[MAX_DEPTH];
        }
        try {
            write(container, 0);
            return JsonFragment.copyOf(buf, 0, buf.length());
        } catch (RuntimeException ex) {
            Arrays.fill(path, null);
            status.warn(
                    "data-unreadable",
                    "a key-value of call-log event '" + eventCode + "' could not be read: "
                            + ex.getClass().getName());
            return "[unreadable: " + simpleName(ex.getClass()) + "]";
        } finally {
            buf.reset();
        }
    }

    /** Writes any value; {@code depth} is the number of containers open around it. */
    private void write(Object v, int depth) {
        if (v == null) {
            buf.writeAscii("null");
        } else if (v instanceof String s) {
            JsonWriter.writeString(buf, fit(redactor.text(s), Math.max(0, limit - buf.length())));
        } else if (v instanceof Boolean b) {
            JsonWriter.writeBoolean(buf, b);
        } else if (v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte
                || v instanceof Double
                || v instanceof Float
                || v.getClass() == BigDecimal.class
                || v.getClass() == BigInteger.class) {
            JsonWriter.writeNumber(buf, (Number) v);
        } else if (v instanceof Enum<?> e) {
            JsonWriter.writeString(buf, e.name());
        } else if (v instanceof char[] chars) {
            JsonWriter.writeString(buf, fit(redactor.text(new String(chars)), Math.max(0, limit - buf.length())));
        } else if (v instanceof Throwable t) {
            writeThrowable(t);
        } else if (isContainer(v)) {
            writeContainer(v, depth);
        } else {
            JsonWriter.writeString(buf, fit(redactor.text(text(v)), Math.max(0, limit - buf.length())));
        }
    }

    private void writeThrowable(Throwable t) {
        buf.writeAscii("{\"type\":");
        JsonWriter.writeString(buf, simpleName(t.getClass()));
        String message;
        try {
            message = t.getMessage();
        } catch (RuntimeException ex) {
            message = "[getMessage failed: " + simpleName(ex.getClass()) + "]";
        }
        if (message != null) {
            // Rare (a throwable inside a map or list): redacted here, since the fragment is final.
            buf.writeAscii(",\"message\":");
            JsonWriter.writeString(buf, redactor.text(message));
        }
        buf.write('}');
    }

    private void writeContainer(Object c, int depth) {
        if (depth >= MAX_DEPTH) {
            JsonWriter.writeString(buf, DEPTH_LIMIT);
            cut = true;
            return;
        }
        for (int i = 0; i < depth; i++) {
            if (path[i] == c) {
                JsonWriter.writeString(buf, CYCLE);
                cut = true;
                return;
            }
        }
        path[depth] = c;
        if (c instanceof Map<?, ?> map) {
            writeMap(map, depth);
        } else if (c instanceof Iterable<?> it) {
            buf.write('[');
            int n = 0;
            for (Object o : it) {
                if (!element(n++)) {
                    break;
                }
                write(o, depth + 1);
            }
            buf.write(']');
        } else {
            buf.write('[');
            int length = Array.getLength(c);
            for (int i = 0; i < length; i++) {
                if (!element(i)) {
                    break;
                }
                write(Array.get(c, i), depth + 1);
            }
            buf.write(']');
        }
        path[depth] = null;
    }

    /** Writes the separator before element {@code n}, or the truncation mark; returns whether to write it. */
    private boolean element(int n) {
        if (n > 0) {
            buf.write(',');
        }
        if (n == MAX_ENTRIES || buf.length() >= limit) {
            JsonWriter.writeString(buf, TRUNCATED);
            cut = true;
            return false;
        }
        return true;
    }

    private void writeMap(Map<?, ?> map, int depth) {
        buf.write('{');
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object rawKey = entry.getKey();
            String key = rawKey instanceof String s ? s : rawKey == null ? "null" : text(rawKey);
            if (key.length() > MAX_VALUE_CHARS) {
                key = fit(key, MAX_VALUE_CHARS);
            }
            if (!seen.add(key)) {
                continue; // two keys with the same string form would make invalid JSON for OpenSearch
            }
            KeyRule rule = redactor.ruleFor(key);
            if (rule == KeyRule.DROP) {
                continue;
            }
            if (n == MAX_ENTRIES || buf.length() >= limit) {
                cut = true;
                if (seen.add(TRUNCATED)) {
                    buf.write(',');
                    JsonWriter.writeKey(buf, TRUNCATED);
                    buf.writeAscii("true");
                }
                break;
            }
            if (n++ > 0) {
                buf.write(',');
            }
            JsonWriter.writeKey(buf, key);
            if (rule == null) {
                write(entry.getValue(), depth + 1);
            } else {
                writeWithRule(rule, entry.getValue(), depth + 1);
            }
        }
        buf.write('}');
    }

    /** Writes the masked or hashed form of a value inside a map whose key has a rule. */
    private void writeWithRule(KeyRule rule, Object v, int depth) {
        if (rule == KeyRule.MASK) {
            JsonWriter.writeString(buf, (String) redactor.apply(rule, v));
            return;
        }
        // HASH: the hash of the value's text as it would be written (a container's JSON text).
        int start = buf.length();
        Object text = v;
        if (v != null && !(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
            write(v, depth);
            text = new String(buf.array(), start, buf.length() - start, java.nio.charset.StandardCharsets.UTF_8);
            buf.truncate(start);
        }
        JsonWriter.writeString(buf, (String) redactor.apply(rule, text));
    }

    /** {@code v.toString()}, or a placeholder when it throws. */
    private String text(Object v) {
        try {
            String s = v.toString();
            return s != null ? s : "null";
        } catch (RuntimeException ex) {
            String name = simpleName(ex.getClass());
            status.warn(
                    "tostring-failed",
                    "a key-value of call-log event '" + eventCode + "' ("
                            + v.getClass().getName() + ") could not be turned into text: toString() threw "
                            + ex.getClass().getName());
            return "[toString failed: " + name + "]";
        }
    }

    /** The simple class name; for anonymous and local classes, the binary name without the package. */
    static String simpleName(Class<?> c) {
        String s = c.getSimpleName();
        if (s.isEmpty()) {
            String n = c.getName();
            s = n.substring(n.lastIndexOf('.') + 1);
        }
        return s;
    }
}
