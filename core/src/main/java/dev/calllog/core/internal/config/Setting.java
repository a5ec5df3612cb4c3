package dev.calllog.core.internal.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting of the call-log appenders, as declared in {@link Settings}: the single place that says which settings
 * exist, under which names, with which type and default, on which framework. The Logback setters, the Log4j builder's
 * attributes and the README's settings table are checked against it by tests; the Log4j plugin converts its attributes
 * and tells configurations apart through it.
 *
 * @param name the name in the README's settings table, and the Logback element name
 * @param type how the value is written
 * @param defaultValue the default as written in a configuration file, or {@code null} when there is none
 * @param description one line, for tools and error messages; the README and the Javadoc say more
 * @param frameworks where the setting exists
 * @param logbackNames the Logback elements that set it ({@code name} first, then e.g. a plural form)
 * @param log4jNames the Log4j attributes that set it
 * @param sensitive whether the value is a secret, never shown
 * @param shapesDocument whether it shapes a document (mapping, redaction, size limits), so that the NDJSON encoder and
 *     layout take it too, under the same names and with the same default
 */
public record Setting(
        String name,
        Type type,
        String defaultValue,
        String description,
        Set<Framework> frameworks,
        List<String> logbackNames,
        List<String> log4jNames,
        boolean sensitive,
        boolean shapesDocument,
        BiConsumer<CallLogConfig, String> applier,
        Function<CallLogConfig, String> reader) {

    /** How a setting's value is written. */
    public enum Type {
        /** Free text (a name, a path, a level, a policy). */
        TEXT,
        /** Names separated by commas; on Logback also repeatable. */
        LIST,
        /** One item per occurrence (repeatable on Logback): a regular expression, an event definition. */
        REPEATED,
        /** {@code true} or {@code false}, any case. */
        BOOLEAN,
        /** A whole number that fits an {@code int}. */
        INT,
        /** A whole number that fits a {@code long}. */
        LONG
    }

    /** The logging frameworks an appender exists for. */
    public enum Framework {
        LOGBACK,
        LOG4J
    }

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        frameworks = Set.copyOf(frameworks);
        logbackNames = List.copyOf(logbackNames);
        log4jNames = List.copyOf(log4jNames);
    }

    /**
     * Sets this setting in {@code config} from its text, as a configuration file writes it. A value that is not of the
     * setting's type is kept as a problem of {@code config}, reported (naming the setting and the value) by
     * {@link CallLogConfig#validate()}; the setting then keeps its default.
     */
    public void apply(CallLogConfig config, String text) {
        applier.accept(config, text);
    }

    /**
     * The setting's value in {@code config}, as text: what decides whether two configurations are the same, and what
     * the tests compare with {@link #defaultValue()}. {@code null} when unset and without default.
     */
    public String read(CallLogConfig config) {
        return reader.apply(config);
    }

    /** Whether the setting exists on {@code framework}. */
    public boolean on(Framework framework) {
        return frameworks.contains(framework);
    }

    /** Every name the setting goes by, on either framework. */
    public Set<String> allNames() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        names.add(name);
        names.addAll(logbackNames);
        names.addAll(log4jNames);
        return names;
    }

    // ---- declaring settings (used by Settings) ----

    static Setting text(
            String name,
            String defaultValue,
            BiConsumer<CallLogConfig, String> set,
            Function<CallLogConfig, String> get,
            String description) {
        return new Setting(
                name,
                Type.TEXT,
                defaultValue,
                description,
                Set.of(Framework.values()),
                List.of(name),
                List.of(name),
                false,
                false,
                set,
                get);
    }

    static Setting list(
            String name,
            String defaultValue,
            BiConsumer<CallLogConfig, String> add,
            Function<CallLogConfig, String> get,
            String description) {
        return text(name, defaultValue, add, get, description).withType(Type.LIST);
    }

    static Setting repeated(
            String name,
            BiConsumer<CallLogConfig, String> add,
            Function<CallLogConfig, String> get,
            String description) {
        return text(name, null, add, get, description).withType(Type.REPEATED);
    }

    static Setting bool(
            String name,
            boolean defaultValue,
            BiConsumer<CallLogConfig, Boolean> set,
            Function<CallLogConfig, Boolean> get,
            String description) {
        BiConsumer<CallLogConfig, String> parse = (c, text) -> {
            String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                set.accept(c, Boolean.parseBoolean(t));
            } else {
                c.invalid("<" + name + "> '" + text + "' is not true or false");
            }
        };
        return text(name, String.valueOf(defaultValue), parse, c -> String.valueOf(get.apply(c)), description)
                .withType(Type.BOOLEAN);
    }

    static Setting integer(
            String name,
            int defaultValue,
            BiConsumer<CallLogConfig, Integer> set,
            Function<CallLogConfig, Integer> get,
            String description) {
        BiConsumer<CallLogConfig, String> parse = (c, text) -> {
            Long v = wholeNumber(c, name, text);
            if (v == null) {
                return;
            }
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                c.invalid("<" + name + "> '" + text.trim() + "' is too large: at most " + Integer.MAX_VALUE);
            } else {
                set.accept(c, v.intValue());
            }
        };
        return text(name, String.valueOf(defaultValue), parse, c -> String.valueOf(get.apply(c)), description)
                .withType(Type.INT);
    }

    static Setting whole(
            String name,
            long defaultValue,
            BiConsumer<CallLogConfig, Long> set,
            Function<CallLogConfig, Long> get,
            String description) {
        BiConsumer<CallLogConfig, String> parse = (c, text) -> {
            Long v = wholeNumber(c, name, text);
            if (v != null) {
                set.accept(c, v);
            }
        };
        return text(name, String.valueOf(defaultValue), parse, c -> String.valueOf(get.apply(c)), description)
                .withType(Type.LONG);
    }

    private static Long wholeNumber(CallLogConfig c, String name, String text) {
        String t = text == null ? "" : text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            c.invalid("<" + name + "> '" + text + "' is not a whole number");
            return null;
        }
    }

    Setting withType(Type t) {
        return new Setting(
                name,
                t,
                defaultValue,
                description,
                frameworks,
                logbackNames,
                log4jNames,
                sensitive,
                shapesDocument,
                applier,
                reader);
    }

    /** The Logback elements that set it, {@code name} first. */
    Setting logback(String... names) {
        return new Setting(
                name,
                type,
                defaultValue,
                description,
                frameworks,
                List.of(names),
                log4jNames,
                sensitive,
                shapesDocument,
                applier,
                reader);
    }

    /** The Log4j attributes that set it. */
    Setting log4j(String... names) {
        return new Setting(
                name,
                type,
                defaultValue,
                description,
                frameworks,
                logbackNames,
                List.of(names),
                sensitive,
                shapesDocument,
                applier,
                reader);
    }

    /** A setting of the Log4j plugin only. */
    Setting log4jOnly() {
        return new Setting(
                name,
                type,
                defaultValue,
                description,
                Set.of(Framework.LOG4J),
                List.of(),
                log4jNames,
                sensitive,
                shapesDocument,
                applier,
                reader);
    }

    /**
     * A setting of the Logback appender only (the Log4j plugin takes it in another form, such as nested elements).
     */
    Setting logbackOnly() {
        return new Setting(
                name,
                type,
                defaultValue,
                description,
                Set.of(Framework.LOGBACK),
                logbackNames,
                List.of(),
                sensitive,
                shapesDocument,
                applier,
                reader);
    }

    /** A secret: Log4j masks it in its status output, and no message shows it. */
    Setting secret() {
        return new Setting(
                name,
                type,
                defaultValue,
                description,
                frameworks,
                logbackNames,
                log4jNames,
                true,
                shapesDocument,
                applier,
                reader);
    }

    /** A setting that shapes a document: the NDJSON encoder and layout take it too. */
    Setting shapingDocuments() {
        return new Setting(
                name,
                type,
                defaultValue,
                description,
                frameworks,
                logbackNames,
                log4jNames,
                sensitive,
                true,
                applier,
                reader);
    }

    @Override
    public String toString() {
        return name;
    }
}
