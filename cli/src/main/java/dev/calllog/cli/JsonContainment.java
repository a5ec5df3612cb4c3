package dev.calllog.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Whether what a cluster holds already says everything an asset file says. Plugins store an asset with fields of their
 * own added (ids, timestamps, defaults such as an action's {@code retry}) and settings as strings, so equality would
 * never hold: an object contains another when it has each of its members with a contained value, an array when it has
 * as many elements, each containing the other's; scalars are equal, a number and a string holding the same number
 * included.
 */
final class JsonContainment {
    private JsonContainment() {}

    static boolean contains(JsonValue actual, JsonValue desired) {
        if (actual == null) {
            return desired == null || desired.getValueType() == JsonValue.ValueType.NULL;
        }
        switch (desired.getValueType()) {
            case OBJECT -> {
                if (!(actual instanceof JsonObject a)) {
                    return false;
                }
                for (Map.Entry<String, JsonValue> e : desired.asJsonObject().entrySet()) {
                    if (!contains(a.get(e.getKey()), e.getValue())) {
                        return false;
                    }
                }
                return true;
            }
            case ARRAY -> {
                if (!(actual instanceof JsonArray a)
                        || a.size() != desired.asJsonArray().size()) {
                    return false;
                }
                JsonArray d = desired.asJsonArray();
                for (int i = 0; i < d.size(); i++) {
                    if (!contains(a.get(i), d.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            case STRING -> {
                return text(actual).equals(((JsonString) desired).getString());
            }
            case NUMBER -> {
                BigDecimal n = number(actual);
                return n != null && n.compareTo(((JsonNumber) desired).bigDecimalValue()) == 0;
            }
            default -> {
                return text(actual).equals(desired.toString());
            }
        }
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    private static BigDecimal number(JsonValue v) {
        if (v instanceof JsonNumber n) {
            return n.bigDecimalValue();
        }
        if (v instanceof JsonString s) {
            try {
                return new BigDecimal(s.getString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
