package dev.calllog.core.internal.redact;

import java.util.Locale;

/** What happens to the value of a {@code data} key named in a {@code redactKey} setting, at any depth. */
public enum KeyRule {
    /** The entry is left out of {@code data} (and so of {@code measures} and {@code labels}). */
    DROP,
    /** The value becomes {@value Redactor#REDACTED}. */
    MASK,
    /**
     * The value becomes {@code hmac:} and 32 hex digits of the HMAC-SHA256 of its text under {@code redactHashSecret}:
     * equal values stay equal (a caller's number can still be followed across calls) but cannot be read back, nor
     * guessed from a list of candidates without the secret.
     */
    HASH;

    /** The rule's name in the settings, in lower case. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The rule called {@code name}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the rule and the known ones
     */
    public static KeyRule parse(String name) {
        for (KeyRule r : values()) {
            if (r.settingName().equalsIgnoreCase(name.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + name.trim() + "' is not a key rule; known: drop, mask, hash");
    }
}
