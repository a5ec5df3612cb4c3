package dev.calllog.core.internal.redact;

import dev.calllog.core.internal.config.CallLogConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Redacts the values of {@code data}: the per-key rules first ({@code redactKey}: drop, mask, hash), at any depth,
 * then the {@link Redactor}'s rules and presets on every other string. Keys are kept; numbers, booleans and nulls are
 * left alone unless their key has a rule. Thread-safe.
 */
public final class DataRedactor {
    /** Returned by {@link #value} for an entry to leave out. */
    public static final Object DROPPED = new Object() {
        @Override
        public String toString() {
            return "[dropped]";
        }
    };

    private static final String HASH_PREFIX = "hmac:";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Redactor redactor;
    private final Map<String, KeyRule> rules;
    private final SecretKeySpec secret;
    private final ThreadLocal<Mac> macs;

    /**
     * @param redactor applied to strings whose key has no rule
     * @param rules the rule of each key (exact, case-sensitive key names)
     * @param hashSecret the HMAC key of {@link KeyRule#HASH}; may be null or empty when no rule hashes
     * @throws IllegalArgumentException when a rule hashes and there is no secret
     */
    public DataRedactor(Redactor redactor, Map<String, KeyRule> rules, String hashSecret) {
        this.redactor = redactor;
        this.rules = Map.copyOf(rules);
        boolean hashes = rules.containsValue(KeyRule.HASH);
        if (hashes && (hashSecret == null || hashSecret.isEmpty())) {
            throw new IllegalArgumentException(
                    "a rule hashes, but <redactHashSecret> is not set: give it, e.g. ${CALLLOG_HASH_SECRET}");
        }
        this.secret = hashes ? new SecretKeySpec(hashSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256") : null;
        this.macs = hashes ? ThreadLocal.withInitial(this::newMac) : null;
    }

    /** The data redactor the settings describe. */
    public static DataRedactor from(CallLogConfig config, Redactor redactor) {
        return new DataRedactor(redactor, parseRules(config.redactKeys()), config.redactHashSecret());
    }

    /**
     * The rules written {@code key:rule}, several separated by commas, for every item of {@code specs}.
     *
     * @throws IllegalArgumentException naming the item that is not {@code key:rule} or whose rule is unknown
     */
    public static Map<String, KeyRule> parseRules(List<String> specs) {
        Map<String, KeyRule> out = new HashMap<>();
        for (String spec : specs) {
            for (String item : spec.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                int colon = item.lastIndexOf(':');
                String key = colon < 0 ? "" : item.substring(0, colon).trim();
                if (key.isEmpty()) {
                    throw new IllegalArgumentException(
                            "'" + item.trim() + "' is not key:rule (for example transcript:drop)");
                }
                out.put(key, KeyRule.parse(item.substring(colon + 1)));
            }
        }
        return out;
    }

    /** The redactor applied to strings (and by the writer to the message and the error message). */
    public Redactor redactor() {
        return redactor;
    }

    /** Whether some key has a rule: when not, {@link #value} only redacts strings. */
    public boolean hasKeyRules() {
        return !rules.isEmpty();
    }

    /** The rule of {@code key}, or null. */
    public KeyRule ruleFor(String key) {
        return rules.isEmpty() ? null : rules.get(key);
    }

    /**
     * What to write for the entry {@code key: value}: {@link #DROPPED} to leave it out, the masked or hashed text, the
     * redacted string, or {@code value} itself.
     */
    public Object value(String key, Object value) {
        KeyRule rule = ruleFor(key);
        if (rule != null) {
            return apply(rule, value);
        }
        return value instanceof String s ? redactor.redact(s) : value;
    }

    /** A string found inside a list or map under no key with a rule. */
    public String text(String s) {
        return redactor.redact(s);
    }

    /**
     * What the rule makes of a value; {@code text} is the value's text (its JSON text for a container), used by
     * {@link KeyRule#HASH}.
     */
    public Object apply(KeyRule rule, Object text) {
        return switch (rule) {
            case DROP -> DROPPED;
            case MASK -> Redactor.REDACTED;
            case HASH -> hash(String.valueOf(text));
        };
    }

    private String hash(String text) {
        Mac mac = macs.get();
        byte[] h = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[HASH_PREFIX.length() + 32];
        HASH_PREFIX.getChars(0, HASH_PREFIX.length(), out, 0);
        for (int i = 0; i < 16; i++) {
            out[HASH_PREFIX.length() + 2 * i] = HEX[(h[i] >> 4) & 0xf];
            out[HASH_PREFIX.length() + 2 * i + 1] = HEX[h[i] & 0xf];
        }
        return new String(out);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "DataRedactor[keys=" + rules.keySet() + "]"; // never the secret
    }
}
