package dev.calllog.core.mapping;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.json.ByteBuf;
import dev.calllog.core.json.IsoTimestamp;
import dev.calllog.core.json.JsonFragment;
import dev.calllog.core.json.JsonWriter;
import dev.calllog.core.redact.Redactor;
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
 *  "agent_id":"a-7","account_id":"acme","trace_id":"...","turn_id":"...","level":"ERROR","severity":17,
 *  "category":"integrations","event":"integration_tool_failed","message":"CRM lookup failed",
 *  "data":{"tool":"crm_lookup","duration_ms":5003,"error":{"type":"SocketTimeoutException","message":"Read timed out"}},
 *  "measures":{"duration_ms":5003}}
 * }</pre>
 *
 * <p>{@code data.error}, when the event carries a throwable, is always the last entry of {@code data}.
 *
 * <p>{@code measures} repeats, in {@code data} order, every top-level {@code data} entry whose key is a measure key
 * ({@code measureKeys}) and whose value is a number: {@code data} keeps any shape and is searchable but cannot be
 * aggregated, {@code measures} is mapped as {@code double} and can. A number too large for a {@code double} is left
 * out (the cluster would reject the document). A document without any measure has no {@code measures}.
 */
public final class DocumentWriter {
    /** Appended to a message cut at {@code maxMessageChars}. */
    public static final String TRUNCATION_MARK = "…[truncated]";

    private static final byte[] ACTION_START = ascii("{\"create\":{\"_id\":\"");
    private static final byte[] ACTION_END = ascii("\"}}\n");

    private final Redactor redactor;
    private final int maxMessageChars;
    private final Set<String> measureKeys;

    /** A writer redacting and cutting messages, and writing measures, as the settings say. */
    public DocumentWriter(CallLogConfig config) {
        this(Redactor.from(config), config.maxMessageChars(), config.measureKeys());
    }

    /**
     * @param redactor applied to the message and the error message
     * @param maxMessageChars longest message written
     * @param measureKeys the top-level {@code data} keys whose numbers are also written to {@code measures}
     */
    public DocumentWriter(Redactor redactor, int maxMessageChars, Set<String> measureKeys) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.maxMessageChars = maxMessageChars;
        this.measureKeys = Set.copyOf(measureKeys);
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
        for (int i = 0; withData && i < n; i++) {
            if (i > 0) {
                out.write(',');
            }
            JsonWriter.writeKey(out, r.dataKey(i));
            writeValue(out, r.dataValue(i));
        }
        if (r.errorType() != null) {
            out.writeAscii(n > 0 ? ",\"error\":{\"type\":" : "\"error\":{\"type\":");
            JsonWriter.writeString(out, r.errorType());
            if (r.errorMessage() != null) {
                out.writeAscii(",\"message\":");
                JsonWriter.writeString(out, redactor.redact(r.errorMessage()));
            }
            out.write('}');
        }
        out.write('}');
        writeMeasures(r, out);
        out.write('}');
    }

    private void writeMeasures(CallLogRecord r, ByteBuf out) {
        if (measureKeys.isEmpty()) {
            return;
        }
        int written = 0;
        for (int i = 0, n = r.dataSize(); i < n; i++) {
            if (r.dataValue(i) instanceof Number number && fitsDouble(number) && measureKeys.contains(r.dataKey(i))) {
                out.writeAscii(written++ == 0 ? ",\"measures\":{" : ",");
                JsonWriter.writeKey(out, r.dataKey(i));
                JsonWriter.writeNumber(out, number);
            }
        }
        if (written > 0) {
            out.write('}');
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
