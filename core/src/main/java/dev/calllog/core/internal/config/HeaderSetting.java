package dev.calllog.core.internal.config;

import java.util.Locale;
import java.util.Set;

/**
 * One {@code header} setting: a header every request carries, written {@code Name: value}. Its {@link #toString()}
 * shows the name only: a header may carry a secret (a tenant token, a gateway key).
 */
public record HeaderSetting(String name, String value) {

    /** Headers the HTTP client sets itself, or that the settings set through their own names. */
    private static final Set<String> RESERVED = Set.of(
            "connection",
            "content-length",
            "expect",
            "host",
            "upgrade",
            "content-type",
            "content-encoding",
            "accept-encoding",
            "proxy-authorization",
            "x-amz-date",
            "x-amz-content-sha256",
            "x-amz-security-token");

    /**
     * Parses {@code Name: value}.
     *
     * @throws IllegalArgumentException with a message naming what is wrong (never the value)
     */
    public static HeaderSetting parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("is not written 'Name: value'");
        }
        String name = spec.substring(0, colon).trim();
        String value = spec.substring(colon + 1).trim();
        if (name.isEmpty() || !name.chars().allMatch(HeaderSetting::isTokenChar)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid header name");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + name + "' cannot be set as a header: the appender sets it itself");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("the value of '" + name + "' contains a line break");
        }
        return new HeaderSetting(name, value);
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    @Override
    public String toString() {
        return name + ": [hidden]";
    }
}
