package dev.calllog.core.internal.mapping;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.json.IsoTimestamp;
import dev.calllog.core.internal.json.JsonFragment;
import dev.calllog.core.internal.json.JsonWriter;
import dev.calllog.core.internal.redact.DataRedactor;
import dev.calllog.core.internal.redact.Redactor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a {@link CallLogRecord} as a {@code _bulk} item, straight into a {@link ByteBuf} as UTF-8. Runs on the
 * shipping thread, which is where the message and the error message are redacted. Thread-safe.
 *
 * <p>The document's fields, in this order; absent ids and a null message are left out, {@code data} is always an
 * object (its mapping is {@code flat_object}):
 *
 * <pre>{@code
 * {"@timestamp":"2026-11-23T18:51:06.654321Z","event_id":"7kq3x9m2c4p8r-42","seq":42,"call_id":"c-1",
 *  "agent_id":"a-7","account_id":"acme","trace_id":"...","span_id":"...","trace_flags":"01","turn_id":"...",
 *  "level":"ERROR","severity":17,
 *  "category":"integrations","event":"integration_tool_failed","message":"CRM lookup failed",
 *  "data":{"tool":"crm_lookup","duration_ms":5003,"error":{"type":"SocketTimeoutException","message":"Read timed out"}},
 *  "measures":{"duration_ms":5003},"labels":{"tool":"crm_lookup"}}
 * }</pre>
 *
 * <p>{@code data.error}, when the event carries a throwable, is always the last entry of {@code data}.
 *
 * <p>{@code data} keeps any shape and is searchable but cannot be aggregated; two fields repeat some of its top-level
 * entries, in {@code data} order, in a form that can:
 *
 * <ul>
 *   <li>{@code measures} (mapped as {@code double}): the entries whose key is a measure key ({@code measureKeys}) and
 *       whose value is a number, or a string that is a plain JSON number ({@code "640"}, {@code "-1.5e3"}: what SLF4J
 *       key-values become on some paths), written as that number. A number too large for a {@code double} is left out
 *       (the cluster would reject the document), and so is a numeric string longer than {@value #MAX_NUMBER_CHARS}
 *       characters.
 *   <li>{@code labels} (mapped as {@code keyword}): the entries whose key is a label key ({@code labelKeys}) and whose
 *       value is a string, a boolean or a whole number, written as a string; strings are cut to
 *       {@value #MAX_LABEL_CHARS} characters, the mapping's {@code ignore_above}, so that every label is indexed.
 * </ul>
 *
 * <p>A document without any measure has no {@code measures}, one without any label no {@code labels}.
 */
public final class DocumentWriter {
    /** Appended to a message cut at {@code maxMessageChars}. */
    public static final String TRUNCATION_MARK = "…[truncated]";

    /** Longest label, in characters: the {@code ignore_above} of the {@code labels} mapping. */
    public static final int MAX_LABEL_CHARS = 256;

    /**
     * Longest numeric string taken as a measure. Far beyond any measurement, and well within the longest number
     * OpenSearch's JSON parser accepts (1,000 characters), past which the whole document would be rejected.
     */
    public static final int MAX_NUMBER_CHARS = 100;

    /** Bytes allowed for the action line ({@code {"create":{"_id":"<event id>"}}}) and the line breaks of an item. */
    static final int ACTION_LINE_ALLOWANCE = 64;

    private static final byte[] ACTION_START = ascii("{\"create\":{\"_id\":\"");
    private static final byte[] ACTION_END = ascii("\"}}\n");

    private final Redactor redactor;
    private final DataRedactor dataRedactor;
    private final int maxMessageChars;
    private final Set<String> measureKeys;
    private final Set<String> labelKeys;

    /** A writer redacting and cutting messages, and writing measures and labels, as the settings say. */
    public DocumentWriter(CallLogConfig config) {
        this(Redactor.from(config), config, config.maxMessageChars(), config.measureKeys(), config.labelKeys());
    }

    private DocumentWriter(
            Redactor redactor,
            CallLogConfig config,
            int maxMessageChars,
            Set<String> measureKeys,
            Set<String> labelKeys) {
        this(DataRedactor.from(config, redactor), maxMessageChars, measureKeys, labelKeys);
    }

    /**
     * @param redactor applied to the message and the error message
     * @param maxMessageChars longest message written
     * @param measureKeys the top-level {@code data} keys whose numbers are also written to {@code measures}
     * @param labelKeys the top-level {@code data} keys whose strings, booleans and whole numbers are also written to
     *     {@code labels}
     */
    public DocumentWriter(Redactor redactor, int maxMessageChars, Set<String> measureKeys, Set<String> labelKeys) {
        this(new DataRedactor(redactor, java.util.Map.of(), null), maxMessageChars, measureKeys, labelKeys);
    }

    /**
     * @param dataRedactor applied to the values of {@code data} (and so of {@code measures} and {@code labels}); its
     *     {@link Redactor} to the message and the error message
     * @param maxMessageChars longest message written
     * @param measureKeys the top-level {@code data} keys whose numbers are also written to {@code measures}
     * @param labelKeys the top-level {@code data} keys whose strings, booleans and whole numbers are also written to
     *     {@code labels}
     */
    public DocumentWriter(
            DataRedactor dataRedactor, int maxMessageChars, Set<String> measureKeys, Set<String> labelKeys) {
        this.dataRedactor = Objects.requireNonNull(dataRedactor, "dataRedactor");
        this.redactor = dataRedactor.redactor();
        this.maxMessageChars = maxMessageChars;
        this.measureKeys = Set.copyOf(measureKeys);
        this.labelKeys = Set.copyOf(labelKeys);
    }

    /**
     * Appends the two lines of the event's bulk item: {@code {"create":{"_id":"<event_id>"}}} and the document, each
     * ending with {@code \n}. When writing throws, {@code out} is left as it was.
     */
    public void writeBulkItem(CallLogRecord r, ByteBuf out) {
        int start = out.length();
        try {
            out.write(ACTION_START);
            writeEventId(r, out);
            out.write(ACTION_END);
            writeDocument(r, out);
            out.write('\n');
        } catch (RuntimeException e) {
            out.truncate(start);
            throw e;
        }
    }

    /**
     * Appends the bulk item with {@code data} replaced by {@code {"[truncated]":true}} (and {@code data.error}, when
     * there is one): for a document over {@code maxDocumentBytes}, so that the event still shows in its call's
     * timeline. When writing throws, {@code out} is left as it was.
     */
    public void writeBulkItemWithoutData(CallLogRecord r, ByteBuf out) {
        int start = out.length();
        try {
            out.write(ACTION_START);
            writeEventId(r, out);
            out.write(ACTION_END);
            writeDocument(r, out, false);
            out.write('\n');
        } catch (RuntimeException e) {
            out.truncate(start);
            throw e;
        }
    }

    /**
     * Appends the event's bulk item as {@link #writeBulkItem} does; when the item takes more than {@code
     * maxDocumentBytes} and its action line (64 bytes allowed for it), appends instead the item without its data
     * ({@link #writeBulkItemWithoutData}), so that the event still shows in its call's timeline. The one rule both the
     * appenders and the NDJSON encoders follow. When writing throws, {@code out} is left as it was.
     *
     * @return 0 when the whole item was written, else the bytes the whole item would have taken
     */
    public int writeBulkItemWithin(CallLogRecord r, ByteBuf out, int maxDocumentBytes) {
        int start = out.length();
        writeBulkItem(r, out);
        int size = out.length() - start;
        if (size <= maxDocumentBytes + ACTION_LINE_ALLOWANCE) {
            return 0;
        }
        // Still too large after the caps applied when it was logged (multi-byte text, escapes, ids).
        out.truncate(start);
        writeBulkItemWithoutData(r, out);
        return size;
    }

    /** Appends the document, without a line break. */
    public void writeDocument(CallLogRecord r, ByteBuf out) {
        writeDocument(r, out, true);
    }

    private void writeDocument(CallLogRecord r, ByteBuf out, boolean withData) {
        out.writeAscii("{\"@timestamp\":\"");
        IsoTimestamp.write(out, r.epochSecond(), r.nanoOfSecond());
        out.writeAscii("\",\"event_id\":\"");
        writeEventId(r, out);
        out.writeAscii("\",\"seq\":");
        out.writeLong(r.seq());
        field(out, ",\"call_id\":", r.callId());
        field(out, ",\"agent_id\":", r.agentId());
        field(out, ",\"account_id\":", r.accountId());
        field(out, ",\"trace_id\":", r.traceId());
        field(out, ",\"span_id\":", r.spanId());
        field(out, ",\"trace_flags\":", r.traceFlags());
        field(out, ",\"turn_id\":", r.turnId());
        out.writeAscii(",\"level\":\"");
        out.writeAscii(r.level().name());
        out.writeAscii("\",\"severity\":");
        out.writeLong(r.level().severity());
        out.writeAscii(",\"category\":");
        JsonWriter.writeString(out, r.event().category());
        out.writeAscii(",\"event\":");
        JsonWriter.writeString(out, r.event().code());
        field(out, ",\"message\":", message(r));
        out.writeAscii(",\"data\":{");
        int n = withData ? r.dataSize() : 1;
        if (!withData) {
            out.writeAscii("\"[truncated]\":true");
        }
        int written = withData ? 0 : 1;
        for (int i = 0; withData && i < n; i++) {
            Object v = dataRedactor.value(r.dataKey(i), r.dataValue(i));
            if (v == DataRedactor.DROPPED) {
                continue;
            }
            if (written++ > 0) {
                out.write(',');
            }
            JsonWriter.writeKey(out, r.dataKey(i));
            writeValue(out, v);
        }
        if (r.errorType() != null) {
            out.writeAscii(written > 0 ? ",\"error\":{\"type\":" : "\"error\":{\"type\":");
            JsonWriter.writeString(out, r.errorType());
            if (r.errorMessage() != null) {
                out.writeAscii(",\"message\":");
                JsonWriter.writeString(out, redactor.redact(r.errorMessage()));
            }
            out.write('}');
        }
        out.write('}');
        writeMeasures(r, out);
        writeLabels(r, out);
        out.write('}');
    }

    private void writeMeasures(CallLogRecord r, ByteBuf out) {
        if (measureKeys.isEmpty()) {
            return;
        }
        int written = 0;
        for (int i = 0, n = r.dataSize(); i < n; i++) {
            Object v = r.dataValue(i);
            if (dataRedactor.ruleFor(r.dataKey(i)) != null) {
                continue; // a dropped, masked or hashed value is no measure
            }
            if (v instanceof Number number) {
                if (fitsDouble(number) && measureKeys.contains(r.dataKey(i))) {
                    out.writeAscii(written++ == 0 ? ",\"measures\":{" : ",");
                    JsonWriter.writeKey(out, r.dataKey(i));
                    JsonWriter.writeNumber(out, number);
                }
            } else if (v instanceof String s && measureKeys.contains(r.dataKey(i)) && isFiniteJsonNumber(s)) {
                out.writeAscii(written++ == 0 ? ",\"measures\":{" : ",");
                JsonWriter.writeKey(out, r.dataKey(i));
                out.writeAscii(s); // ASCII digits, signs, '.' and 'e' only, and valid JSON as it is
            }
        }
        if (written > 0) {
            out.write('}');
        }
    }

    /**
     * Whether {@code s} is a plain JSON number, {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, of at most
     * {@value #MAX_NUMBER_CHARS} characters and finite as a {@code double}: no sign {@code +}, spaces, hexadecimal,
     * {@code NaN} or {@code Infinity}. Scans without allocating; parses only when an exponent could overflow.
     */
    static boolean isFiniteJsonNumber(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_NUMBER_CHARS) {
            return false;
        }
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i < n && s.charAt(i) == '0') {
            i++;
        } else if (i < n && s.charAt(i) >= '1' && s.charAt(i) <= '9') {
            i = digits(s, i + 1);
        } else {
            return false;
        }
        if (i < n && s.charAt(i) == '.') {
            int end = digits(s, i + 1);
            if (end == i + 1) {
                return false;
            }
            i = end;
        }
        boolean exponent = i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E');
        if (exponent) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int end = digits(s, i);
            if (end == i) {
                return false;
            }
            i = end;
        }
        if (i != n) {
            return false;
        }
        // Without an exponent, MAX_NUMBER_CHARS digits are far below Double.MAX_VALUE; with one, the double decides.
        return !exponent || Double.isFinite(Double.parseDouble(s));
    }

    private static int digits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private void writeLabels(CallLogRecord r, ByteBuf out) {
        if (labelKeys.isEmpty()) {
            return;
        }
        int written = 0;
        for (int i = 0, n = r.dataSize(); i < n; i++) {
            Object v = r.dataValue(i);
            if (isLabel(v) && labelKeys.contains(r.dataKey(i))) {
                v = dataRedactor.value(r.dataKey(i), v);
                if (v == DataRedactor.DROPPED) {
                    continue;
                }
                out.writeAscii(written++ == 0 ? ",\"labels\":{" : ",");
                JsonWriter.writeKey(out, r.dataKey(i));
                writeLabel(out, v);
            }
        }
        if (written > 0) {
            out.write('}');
        }
    }

    /** Whether a {@code data} value can be a label: a string, a boolean or a whole number. */
    private static boolean isLabel(Object v) {
        return v instanceof String
                || v instanceof Boolean
                || v instanceof Long
                || v instanceof Integer
                || v instanceof Short
                || v instanceof Byte
                || v instanceof BigInteger;
    }

    private static void writeLabel(ByteBuf out, Object v) {
        if (v instanceof String s) {
            // Cut without a mark: a label is a grouping key, and a cut one still groups.
            JsonWriter.writeString(out, CallLogMapper.cut(s, MAX_LABEL_CHARS));
        } else if (v instanceof Boolean b) {
            out.writeAscii(b ? "\"true\"" : "\"false\"");
        } else if (v instanceof BigInteger big) {
            JsonWriter.writeString(out, big.toString());
        } else {
            out.write('"');
            out.writeLong(((Number) v).longValue());
            out.write('"');
        }
    }

    /** Whether a double field takes the number: the record's doubles and floats are finite already. */
    private static boolean fitsDouble(Number n) {
        return !(n instanceof BigDecimal || n instanceof BigInteger) || Double.isFinite(n.doubleValue());
    }

    /** The document as a string: for tests and the dead-letter file. */
    public String documentJson(CallLogRecord r) {
        ByteBuf buf = new ByteBuf(512);
        writeDocument(r, buf);
        return buf.toString();
    }

    /** The message as shipped: redacted, then cut to {@code maxMessageChars} and marked when it was too long. */
    String message(CallLogRecord r) {
        String m = r.message();
        if (m == null) {
            return null;
        }
        m = redactor.redact(m);
        if (r.messageTruncated() || m.length() > maxMessageChars) {
            m = CallLogMapper.cut(m, maxMessageChars) + TRUNCATION_MARK;
        }
        return m;
    }

    private static void writeEventId(CallLogRecord r, ByteBuf out) {
        out.write(EventIds.prefixBytes());
        out.writeLong(r.seq());
    }

    private static void field(ByteBuf out, String nameAndColon, String value) {
        if (value != null) {
            out.writeAscii(nameAndColon);
            JsonWriter.writeString(out, value);
        }
    }

    private static void writeValue(ByteBuf out, Object v) {
        if (v == null) {
            out.writeAscii("null");
        } else if (v instanceof String s) {
            JsonWriter.writeString(out, s);
        } else if (v instanceof JsonFragment f) {
            f.writeTo(out);
        } else if (v instanceof Boolean b) {
            JsonWriter.writeBoolean(out, b);
        } else {
            JsonWriter.writeNumber(out, (Number) v);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
