package dev.calllog.core.internal.json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that JSON is written into directly as UTF-8, so a bulk body is built once, without
 * intermediate strings. Not thread-safe: each worker owns its buffers and reuses them.
 */
public final class ByteBuf {
    private byte[] bytes;
    private int length;

    public ByteBuf(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** The backing array; valid bytes are {@code [0, length())}. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Forgets the content, keeping the capacity. */
    public void reset() {
        length = 0;
    }

    /** Cuts the content back to {@code newLength} bytes (to undo a partly written item). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IndexOutOfBoundsException(newLength);
        }
        length = newLength;
    }

    /** Makes room for {@code n} more bytes. */
    public void ensure(int n) {
        int need = length + n;
        if (need < 0) {
            throw new OutOfMemoryError("buffer over 2 GiB");
        }
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
        }
    }

    public ByteBuf write(int b) {
        if (length == bytes.length) {
            ensure(1);
        }
        bytes[length++] = (byte) b;
        return this;
    }

    public ByteBuf write(byte[] src) {
        return write(src, 0, src.length);
    }

    public ByteBuf write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, length, len);
        length += len;
        return this;
    }

    /** Appends ASCII text as is (for keys and literals known to be ASCII): each char's low eight bits. */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly "the low eight bits", as a copy
    public ByteBuf writeAscii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    /** Appends a decimal number, as {@link Long#toString(long)} writes it, without making a string. */
    public ByteBuf writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            return writeAscii("-9223372036854775808"); // its absolute value is not a long
        }
        ensure(20);
        long x = v;
        if (x < 0) {
            bytes[length++] = '-';
            x = -x;
        }
        if (x <= Integer.MAX_VALUE) {
            return writeNonNegativeInt((int) x);
        }
        int digits = 10;
        for (long limit = 10_000_000_000L; digits < 19 && x >= limit; limit *= 10) {
            digits++;
        }
        int end = length + digits;
        for (int p = end - 1; p > length; p--) {
            long q = x / 10;
            bytes[p] = (byte) ('0' + (int) (x - q * 10));
            x = q;
        }
        bytes[length] = (byte) ('0' + (int) x);
        length = end;
        return this;
    }

    /** Appends {@code x}, 0 or more, in decimal; most numbers written (sequence numbers, levels, counts) are ints. */
    private ByteBuf writeNonNegativeInt(int x) {
        int digits = 1;
        for (int limit = 10; digits < 10 && x >= limit; limit *= 10) {
            digits++;
        }
        int end = length + digits;
        for (int p = end - 1; p > length; p--) {
            int q = x / 10;
            bytes[p] = (byte) ('0' + (x - q * 10));
            x = q;
        }
        bytes[length] = (byte) ('0' + x);
        length = end;
        return this;
    }

    /**
     * Sets the length after bytes were written straight into {@link #array()} (within the room {@link #ensure(int)}
     * made), for writers in this package.
     */
    void setLength(int newLength) {
        length = newLength;
    }

    /** A copy of {@code [from, to)}. */
    public byte[] copy(int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
