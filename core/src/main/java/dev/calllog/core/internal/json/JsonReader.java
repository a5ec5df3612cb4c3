package dev.calllog.core.internal.json;

import java.nio.charset.StandardCharsets;

/**
 * A small pull reader over UTF-8 JSON bytes, enough to read OpenSearch responses without a JSON library: values are
 * read in document order, and whatever is not needed is skipped without building strings.
 *
 * <p>Usage mirrors the usual pull readers: {@link #beginObject()}, then {@link #hasNext()} / {@link #nextName()} and a
 * value method or {@link #skipValue()} per member, then {@link #endObject()}. Any syntax error, including a document
 * cut short, throws {@link MalformedJsonException}. Not thread-safe.
 */
public final class JsonReader {

    /** What the next token is. */
    public enum Token {
        BEGIN_OBJECT,
        END_OBJECT,
        BEGIN_ARRAY,
        END_ARRAY,
        NAME,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL,
        END_DOCUMENT
    }

    /** The input is not well-formed JSON, or not of the shape the caller expected. */
    public static final class MalformedJsonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedJsonException(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 256;

    private final byte[] in;
    private final int end;
    private int pos;

    // One entry per open container: whether it is an object, and whether a member was read already.
    private final boolean[] isObject = new boolean[MAX_DEPTH];
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private int depth;
    // Inside an object, after a name: the value comes next.
    private boolean expectValue;

    public JsonReader(byte[] in) {
        this(in, 0, in.length);
    }

    public JsonReader(byte[] in, int off, int len) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
    }

    /** The kind of the next token, without consuming it. */
    public Token peek() {
        int c = nextNonWhitespace();
        if (c < 0) {
            if (depth > 0) {
                throw error("unexpected end of input");
            }
            return Token.END_DOCUMENT;
        }
        if (depth > 0 && !expectValue) {
            if (c == (isObject[depth - 1] ? '}' : ']')) {
                return isObject[depth - 1] ? Token.END_OBJECT : Token.END_ARRAY;
            }
            if (hasMember[depth - 1]) {
                if (c != ',') {
                    throw error("expected ',' or the end of the " + (isObject[depth - 1] ? "object" : "array"));
                }
                pos++;
                c = nextNonWhitespace();
                if (c < 0) {
                    throw error("unexpected end of input");
                }
                if (c == '}' || c == ']') {
                    throw error("trailing ','");
                }
                hasMember[depth - 1] = false;
            }
            if (isObject[depth - 1]) {
                if (c != '"') {
                    throw error("expected a member name");
                }
                return Token.NAME;
            }
        }
        switch (c) {
            case '{':
                return Token.BEGIN_OBJECT;
            case '[':
                return Token.BEGIN_ARRAY;
            case '"':
                return Token.STRING;
            case 't':
            case 'f':
                return Token.BOOLEAN;
            case 'n':
                return Token.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return Token.NUMBER;
                }
                throw error("unexpected character '" + (char) c + "'");
        }
    }

    /** Whether the current object or array has another member. */
    public boolean hasNext() {
        Token t = peek();
        return t != Token.END_OBJECT && t != Token.END_ARRAY && t != Token.END_DOCUMENT;
    }

    public void beginObject() {
        open(Token.BEGIN_OBJECT, true);
    }

    public void endObject() {
        close(Token.END_OBJECT);
    }

    public void beginArray() {
        open(Token.BEGIN_ARRAY, false);
    }

    public void endArray() {
        close(Token.END_ARRAY);
    }

    /** Reads a member name. */
    public String nextName() {
        expect(Token.NAME);
        String name = readString();
        int c = nextNonWhitespace();
        if (c != ':') {
            throw error("expected ':' after a member name");
        }
        pos++;
        expectValue = true;
        return name;
    }

    /** Reads a string value. */
    public String nextString() {
        expect(Token.STRING);
        String s = readString();
        valueDone();
        return s;
    }

    /** Reads an integral number that fits a {@code long}. */
    public long nextLong() {
        expect(Token.NUMBER);
        int start = pos;
        boolean negative = in[pos] == '-';
        if (negative) {
            pos++;
        }
        long v = 0;
        int digits = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            int d = in[pos++] - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw error("number too large");
            }
            v = v * 10 + d;
            digits++;
        }
        if (digits == 0 || pos < end && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E')) {
            pos = start;
            throw error("expected an integer");
        }
        valueDone();
        return negative ? -v : v;
    }

    /** Reads an integral number that fits an {@code int}. */
    public int nextInt() {
        long v = nextLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("number too large");
        }
        return (int) v;
    }

    /** Reads any number and returns its text as written. */
    public String nextNumberText() {
        expect(Token.NUMBER);
        int start = pos;
        skipScalar(Token.NUMBER);
        return new String(in, start, pos - start, StandardCharsets.US_ASCII);
    }

    public boolean nextBoolean() {
        expect(Token.BOOLEAN);
        boolean v = in[pos] == 't';
        literal(v ? "true" : "false");
        valueDone();
        return v;
    }

    public void nextNull() {
        expect(Token.NULL);
        literal("null");
        valueDone();
    }

    /** Skips the next value (or a name and its value), however deeply nested, without building strings. */
    public void skipValue() {
        Token t = peek();
        if (t == Token.NAME) {
            nextName();
            t = peek();
        }
        switch (t) {
            case BEGIN_OBJECT:
            case BEGIN_ARRAY:
                int base = depth;
                if (t == Token.BEGIN_OBJECT) {
                    beginObject();
                } else {
                    beginArray();
                }
                while (depth > base) {
                    Token n = peek();
                    if (n == Token.END_OBJECT) {
                        endObject();
                    } else if (n == Token.END_ARRAY) {
                        endArray();
                    } else if (n == Token.BEGIN_OBJECT) {
                        beginObject();
                    } else if (n == Token.BEGIN_ARRAY) {
                        beginArray();
                    } else if (n == Token.NAME) {
                        skipString();
                        if (nextNonWhitespace() != ':') {
                            throw error("expected ':' after a member name");
                        }
                        pos++;
                        expectValue = true;
                    } else {
                        skipScalar(n);
                    }
                }
                break;
            case END_OBJECT:
            case END_ARRAY:
            case END_DOCUMENT:
                throw error("expected a value");
            default:
                skipScalar(t);
        }
    }

    /** Current position in the input, for messages. */
    public int position() {
        return pos;
    }

    private void skipScalar(Token t) {
        switch (t) {
            case STRING:
                skipString();
                break;
            case NUMBER:
                pos++;
                while (pos < end && isNumberChar(in[pos])) {
                    pos++;
                }
                break;
            case BOOLEAN:
                literal(in[pos] == 't' ? "true" : "false");
                break;
            case NULL:
                literal("null");
                break;
            default:
                throw error("expected a value");
        }
        valueDone();
    }

    private static boolean isNumberChar(byte b) {
        return b >= '0' && b <= '9' || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
    }

    private void open(Token token, boolean object) {
        expect(token);
        if (depth == MAX_DEPTH) {
            throw error("nesting too deep");
        }
        pos++;
        isObject[depth] = object;
        hasMember[depth] = false;
        depth++;
        expectValue = false;
    }

    private void close(Token token) {
        expect(token);
        pos++;
        depth--;
        valueDone();
    }

    private void valueDone() {
        expectValue = false;
        if (depth > 0) {
            hasMember[depth - 1] = true;
        }
    }

    private void expect(Token token) {
        Token t = peek();
        if (t != token) {
            throw error("expected " + token + " but found " + t);
        }
    }

    private void literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            throw error("unexpected end of input");
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + i] != word.charAt(i)) {
                throw error("expected '" + word + "'");
            }
        }
        pos += n;
    }

    private int nextNonWhitespace() {
        while (pos < end) {
            byte b = in[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return b & 0xff;
            }
        }
        return -1;
    }

    private void skipString() {
        pos++; // opening quote
        while (pos < end) {
            byte b = in[pos++];
            if (b == '"') {
                return;
            }
            if (b == '\\') {
                pos++;
            }
        }
        throw error("unterminated string");
    }

    private String readString() {
        int start = ++pos; // after the opening quote
        while (pos < end) {
            byte b = in[pos];
            if (b == '"') {
                // Common case: no escapes, decoded in one go.
                String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (b == '\\') {
                return readEscapedString(start);
            }
            pos++;
        }
        throw error("unterminated string");
    }

    private String readEscapedString(int start) {
        StringBuilder sb = new StringBuilder();
        int runStart = start;
        while (pos < end) {
            byte b = in[pos];
            if (b == '"') {
                sb.append(new String(in, runStart, pos - runStart, StandardCharsets.UTF_8));
                pos++;
                return sb.toString();
            }
            if (b != '\\') {
                pos++;
                continue;
            }
            sb.append(new String(in, runStart, pos - runStart, StandardCharsets.UTF_8));
            if (pos + 1 >= end) {
                break;
            }
            byte e = in[pos + 1];
            pos += 2;
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    sb.append((char) e);
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'u':
                    if (pos + 4 > end) {
                        throw error("unterminated \\u escape");
                    }
                    int cp = 0;
                    for (int i = 0; i < 4; i++) {
                        int h = Character.digit(in[pos + i], 16);
                        if (h < 0) {
                            throw error("bad \\u escape");
                        }
                        cp = cp * 16 + h;
                    }
                    pos += 4;
                    sb.append((char) cp); // surrogate pairs arrive as two escapes and join up in the builder
                    break;
                default:
                    throw error("bad escape '\\" + (char) e + "'");
            }
            runStart = pos;
        }
        throw error("unterminated string");
    }

    private MalformedJsonException error(String message) {
        return new MalformedJsonException(message + " at offset " + pos);
    }
}
