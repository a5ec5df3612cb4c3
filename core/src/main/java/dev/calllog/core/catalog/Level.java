package dev.calllog.core.catalog;

/**
 * Severity of a call-log event, as the call-detail view shows it.
 *
 * <p>{@link #severity()} is the OpenTelemetry severity number of the level, so that alerts and dashboards can use
 * ranges ({@code severity >= 17} is "ERROR or worse").
 */
public enum Level {
    /** Diagnostic detail; shipped only when the {@code minLevel} setting is lowered. */
    DEBUG(5),
    /** Normal, expected behaviour. */
    INFO(9),
    /** Something unexpected happened but recovered automatically. */
    WARNING(13),
    /** An operation failed (an integration timed out, a transfer failed). */
    ERROR(17),
    /** A severe failure that affected the entire call. */
    CRITICAL(21);

    private final int severity;

    Level(int severity) {
        this.severity = severity;
    }

    /** The OpenTelemetry severity number: DEBUG 5, INFO 9, WARNING 13, ERROR 17, CRITICAL 21. */
    public int severity() {
        return severity;
    }

    /** The higher of this level and {@code floor}. */
    public Level atLeast(Level floor) {
        return floor != null && floor.ordinal() > ordinal() ? floor : this;
    }

    /**
     * Parses a level name as users write it in configuration: case-insensitive, and {@code WARN} is accepted for
     * {@code WARNING}.
     *
     * @return the level, or {@code null} when the name is not a level
     */
    public static Level parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toUpperCase(java.util.Locale.ROOT);
        if (n.equals("WARN")) {
            return WARNING;
        }
        for (Level level : values()) {
            if (level.name().equals(n)) {
                return level;
            }
        }
        return null;
    }
}
