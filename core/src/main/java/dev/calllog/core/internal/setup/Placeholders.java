package dev.calllog.core.internal.setup;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.json.JsonWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the install-time parameters into an asset file. The files stay valid JSON because a placeholder,
 * {@code ${calllog.name}}, always sits inside a JSON string:
 *
 * <ul>
 *   <li>a string that is exactly one placeholder, {@code "${calllog.name}"}, becomes the value as a JSON literal: a
 *       number or a boolean unquoted, text quoted (so {@code "interval": "${calllog.monitor_interval_minutes}"} becomes
 *       {@code "interval": 1});
 *   <li>a placeholder inside a longer string becomes the value's text, escaped for a JSON string (so
 *       {@code "min_rollover_age": "${calllog.retention_days}d"} becomes {@code "min_rollover_age": "30d"}).
 * </ul>
 *
 * Other {@code ${...}} forms, such as the Security plugin's {@code ${attr.internal.account_id}}, are left as they are. A
 * placeholder without a value is an error, so that a misspelt name never reaches a cluster.
 */
final class Placeholders {
    private static final String NAME = "\\$\\{calllog\\.([A-Za-z0-9_]+)}";
    private static final Pattern WHOLE_STRING = Pattern.compile("\"" + NAME + "\"");
    private static final Pattern ANYWHERE = Pattern.compile(NAME);

    private Placeholders() {}

    /**
     * Replaces every placeholder of {@code json}.
     *
     * @param values by name: {@link String}, {@link Number} or {@link Boolean}
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public static String apply(String json, Map<String, ?> values) {
        String whole = replace(WHOLE_STRING, json, values, true);
        return replace(ANYWHERE, whole, values, false);
    }

    private static String replace(Pattern pattern, String text, Map<String, ?> values, boolean literal) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            Object value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for the placeholder ${calllog." + m.group(1) + "}");
            }
            String replacement;
            if (literal) {
                replacement = value instanceof Number || value instanceof Boolean ? value.toString() : quoted(value);
            } else {
                String q = quoted(value);
                replacement = q.substring(1, q.length() - 1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String quoted(Object value) {
        ByteBuf buf = new ByteBuf(32);
        JsonWriter.writeString(buf, value.toString());
        return buf.toString();
    }
}
