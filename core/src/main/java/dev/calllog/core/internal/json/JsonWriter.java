package dev.calllog.core.internal.json;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Writes JSON values straight into a {@link ByteBuf} as UTF-8, without intermediate strings.
 *
 * <p>Strings are escaped as RFC 8259 requires, plus U+2028 and U+2029 (line separators that break JavaScript
 * readers); a lone surrogate (invalid UTF-16) is written as U+FFFD. Numbers use {@link Long#toString(long)} and
 * {@link Double#toString(double)}, whose output is valid JSON ({@code 1.0E10}); non-finite floating-point values,
 * which JSON cannot express, are written as strings ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}).
 */
public final class JsonWriter {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private JsonWriter() {}

    /** Writes {@code s} as a quoted JSON string, or {@code null}. */
    public static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeAscii("null");
            return;
        }
        out.write('"');
        writeStringContent(out, s);
        out.write('"');
    }

    /** Writes {@code s} as a quoted JSON string, or {@code null}. */
    public static void writeString(ByteBuf out, CharSequence s) {
        writeString(out, s == null ? null : s.toString());
    }

    /** Writes {@code "key":}. */
    public static void writeKey(ByteBuf out, String key) {
        writeString(out, key);
        out.write(':');
    }

    /** Writes {@code "key":}. */
    public static void writeKey(ByteBuf out, CharSequence key) {
        writeKey(out, key.toString());
    }

    /**
     * Writes the escaped UTF-8 content of a JSON string, without the quotes. The same as the {@link CharSequence} form;
     * typed so that reading each character is a call the compiler sees through.
     */
    public static void writeStringContent(ByteBuf out, String s) {
        int n = s.length();
        out.ensure(n + 2); // the common, ASCII-only case then never grows the buffer mid-string
        // Fast path: printable ASCII needing no escape is copied straight into the array.
        byte[] a = out.array();
        int p = out.length();
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            a[p++] = (byte) c;
        }
        out.setLength(p);
        if (i < n) {
            writeRest(out, s, i);
        }
    }

    /** Writes the escaped UTF-8 content of a JSON string, without the quotes. */
    public static void writeStringContent(ByteBuf out, CharSequence s) {
        writeStringContent(out, s.toString()); // a String's toString() is itself
    }

    /** Writes {@code s} from index {@code i} on, escaping and encoding as UTF-8: the part the fast path stopped at. */
    private static void writeRest(ByteBuf out, String s, int i) {
        int n = s.length();
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out.write(c);
                } else {
                    writeEscaped(out, c);
                }
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    out.write(0xF0 | (cp >> 18));
                    out.write(0x80 | ((cp >> 12) & 0x3F));
                    out.write(0x80 | ((cp >> 6) & 0x3F));
                    out.write(0x80 | (cp & 0x3F));
                } else {
                    // Invalid UTF-16: a lone surrogate has no UTF-8 form; write U+FFFD as decoders do.
                    out.write(0xEF);
                    out.write(0xBF);
                    out.write(0xBD);
                }
            } else if (c == '\u2028' || c == '\u2029') {
                writeUnicodeEscape(out, c);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
    }

    private static void writeEscaped(ByteBuf out, char c) {
        char shortForm =
                switch (c) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    case '\t' -> 't';
                    case '\b' -> 'b';
                    case '\f' -> 'f';
                    default -> 0;
                };
        if (shortForm != 0) {
            out.write('\\');
            out.write(shortForm);
        } else {
            writeUnicodeEscape(out, c);
        }
    }

    private static void writeUnicodeEscape(ByteBuf out, char c) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xF]);
        out.write(HEX[(c >> 8) & 0xF]);
        out.write(HEX[(c >> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
    }

    /** Writes a JSON number. */
    public static void writeNumber(ByteBuf out, long v) {
        out.writeLong(v);
    }

    /** Writes a JSON number, or a string for NaN and the infinities. */
    public static void writeNumber(ByteBuf out, double v) {
        if (Double.isFinite(v)) {
            out.writeAscii(Double.toString(v));
        } else {
            writeString(out, Double.toString(v));
        }
    }

    /** Writes a JSON number, or a string for NaN and the infinities. */
    public static void writeNumber(ByteBuf out, float v) {
        if (Float.isFinite(v)) {
            out.writeAscii(Float.toString(v));
        } else {
            writeString(out, Float.toString(v));
        }
    }

    /**
     * Writes a JSON number for the JDK's immutable number types ({@link Long}, {@link Integer}, {@link Short},
     * {@link Byte}, {@link Double}, {@link Float}, {@link BigDecimal}, {@link BigInteger}); any other {@link Number}
     * (mutable or user-defined) is written as the string of its {@code toString()}.
     */
    public static void writeNumber(ByteBuf out, Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            out.writeLong(n.longValue());
        } else if (n instanceof Double d) {
            writeNumber(out, d.doubleValue());
        } else if (n instanceof Float f) {
            writeNumber(out, f.floatValue());
        } else if (n.getClass() == BigDecimal.class || n.getClass() == BigInteger.class) {
            // toString() is valid JSON number text: "1E+3", "-0.5", "12345678901234567890".
            out.writeAscii(n.toString());
        } else {
            writeString(out, String.valueOf(n));
        }
    }

    /** Writes {@code true} or {@code false}. */
    public static void writeBoolean(ByteBuf out, boolean v) {
        out.writeAscii(v ? "true" : "false");
    }
}
