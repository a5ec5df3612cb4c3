package dev.calllog.core.internal.mapping;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sequence number and id every accepted event gets. One sequence is shared by every appender of both frameworks
 * in this JVM (more exactly, in the class loader that loaded the core), so {@code seq} totally orders the events of
 * one process.
 *
 * <p>An event id is a random prefix chosen once per JVM (13 base-32 characters, 64 random bits) followed by
 * {@code -} and the sequence number: {@code 7kq3x9m2c4p8r-42}. It is the document's {@code _id}, so an event sent
 * twice (a retried request) is indexed once.
 */
final class EventIds {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final String PREFIX = randomPrefix();
    private static final byte[] PREFIX_BYTES = (PREFIX + "-").getBytes(StandardCharsets.US_ASCII);

    private EventIds() {}

    /** The next sequence number: 1, 2, 3... */
    static long nextSeq() {
        return SEQUENCE.incrementAndGet();
    }

    /** This JVM's random id prefix. */
    public static String prefix() {
        return PREFIX;
    }

    /** The id of the event with sequence number {@code seq}. */
    public static String eventId(long seq) {
        return PREFIX + "-" + seq;
    }

    /** {@code prefix-} as ASCII bytes, for writers. */
    static byte[] prefixBytes() {
        return PREFIX_BYTES;
    }

    private static String randomPrefix() {
        // Crockford's base 32, lower-case: no i, l, o, u, so ids read back unambiguously.
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        long bits = new SecureRandom().nextLong();
        char[] c = new char[13];
        for (int i = 12; i >= 0; i--) {
            c[i] = alphabet.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new String(c);
    }
}
