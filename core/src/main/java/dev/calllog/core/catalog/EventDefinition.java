package dev.calllog.core.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One event of the catalogue: its code (the marker name that selects it), its category, and its level floor.
 *
 * <p>An event is never shipped below its floor: {@code log.error(...)} on {@code call_failed} becomes
 * {@link Level#CRITICAL}, and {@code log.info(...)} on {@code path_error} becomes {@link Level#ERROR}.
 */
public final class EventDefinition {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final String code;
    private final String category;
    private final Level floor;
    private final String title;

    /**
     * @param code snake_case code, also the marker name ({@code transfer_tool_invoked})
     * @param category snake_case category code ({@code tools})
     * @param floor the lowest level the event is shipped at
     * @param title the human name ({@code Transfer Tool Invoked}); may be {@code null} for user events
     * @throws IllegalArgumentException when the code or category is not snake_case or the floor is missing
     */
    public EventDefinition(String code, String category, Level floor, String title) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "event code '" + code + "' must be snake_case: a lower-case letter, then letters, digits or '_'");
        }
        if (category == null || !CODE.matcher(category).matches()) {
            throw new IllegalArgumentException("category '" + category + "' of event '" + code
                    + "' must be snake_case: a lower-case letter, then letters, digits or '_'");
        }
        this.code = code;
        this.category = category;
        this.floor = Objects.requireNonNull(floor, "floor");
        this.title = title != null ? title : code;
    }

    public String code() {
        return code;
    }

    public String category() {
        return category;
    }

    public Level floor() {
        return floor;
    }

    public String title() {
        return title;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventDefinition e
                && e.code.equals(code)
                && e.category.equals(category)
                && e.floor == floor
                && e.title.equals(title);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code + ":" + category + ":" + floor;
    }
}
