package dev.calllog.core.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One complete JSON value, already serialised as UTF-8, written as is. Immutable: a value that may change after it
 * was logged (a map, a list, an array) is serialised once on the logging thread and carried in this form.
 */
public final class JsonFragment {
    private final byte[] utf8;

    private JsonFragment(byte[] utf8) {
        this.utf8 = utf8;
    }

    /**
     * A fragment holding a copy of {@code buf}'s bytes {@code [from, to)}, which the caller guarantees to be one
     * complete JSON value written by {@link JsonWriter}.
     */
    public static JsonFragment copyOf(ByteBuf buf, int from, int to) {
        return new JsonFragment(buf.copy(from, to));
    }

    /** Appends the JSON value to {@code out}. */
    public void writeTo(ByteBuf out) {
        out.write(utf8);
    }

    /** Size in bytes. */
    public int length() {
        return utf8.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonFragment f && Arrays.equals(f.utf8, utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
