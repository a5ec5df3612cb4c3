package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.json.JsonReader;
import dev.calllog.core.internal.json.JsonReader.MalformedJsonException;
import java.nio.charset.StandardCharsets;

/**
 * The answer to one HTTP request: its status, its body (empty, never null), and the wait its {@code Retry-After} header
 * asked for (in milliseconds; -1 when it had none). Every status is a result, including 4xx and 5xx; only a request
 * that got no answer at all is an {@link java.io.IOException}.
 */
public record HttpResult(int status, byte[] body, long retryAfterMillis) {

    public HttpResult {
        body = body == null ? new byte[0] : body;
    }

    /** An answer without {@code Retry-After}. */
    public HttpResult(int status, byte[] body) {
        this(status, body, -1);
    }

    /**
     * The wait a {@code Retry-After} header value asks for, in milliseconds: its delay in seconds, or the time until
     * its HTTP date; -1 when there is no value or it cannot be read.
     */
    public static long retryAfterMillis(String headerValue, long nowMillis) {
        if (headerValue == null || headerValue.isBlank()) {
            return -1;
        }
        String v = headerValue.strip();
        try {
            if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return v.length() > 9 ? Long.MAX_VALUE / 2 : Long.parseLong(v) * 1000;
            }
            long at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as text, cut to {@code maxChars} characters, for messages. */
    public String bodyText(int maxChars) {
        return cut(new String(body, StandardCharsets.UTF_8), maxChars);
    }

    /**
     * What an error answer says, for messages: {@code type: reason} of its {@code error} object (OpenSearch's error
     * shape), else the start of the body; cut to {@code maxChars} characters.
     */
    public String errorText(int maxChars) {
        try {
            JsonReader r = new JsonReader(body);
            r.beginObject();
            while (r.hasNext()) {
                if (!r.nextName().equals("error")) {
                    r.skipValue();
                } else if (r.peek() == JsonReader.Token.STRING) {
                    return cut(r.nextString(), maxChars);
                } else {
                    String type = null;
                    String reason = null;
                    r.beginObject();
                    while (r.hasNext()) {
                        String key = r.nextName();
                        if (key.equals("type") && r.peek() == JsonReader.Token.STRING) {
                            type = r.nextString();
                        } else if (key.equals("reason") && r.peek() == JsonReader.Token.STRING) {
                            reason = r.nextString();
                        } else {
                            r.skipValue();
                        }
                    }
                    return cut(type == null ? reason : reason == null ? type : type + ": " + reason, maxChars);
                }
            }
        } catch (MalformedJsonException e) {
            // Not JSON, or not OpenSearch's error shape: quote the body.
        }
        return bodyText(maxChars).strip();
    }

    private static String cut(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "...";
    }
}
