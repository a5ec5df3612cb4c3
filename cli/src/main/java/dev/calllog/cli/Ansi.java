package dev.calllog.cli;

import java.util.Map;

/** Terminal colours by level, and the rule deciding whether to use them. */
final class Ansi {
    static final String RESET = "\u001b[0m";
    static final String DIM = "\u001b[2m";
    static final String BOLD = "\u001b[1m";

    /** Usage text of the {@code --color} option. */
    static final String USAGE =
            "  --color WHEN              auto (default: when writing to a terminal and NO_COLOR is unset), always, never\n";

    private Ansi() {}

    /**
     * Whether to colour: {@code always}, {@code never}, or {@code auto} (null): only on a terminal, unless
     * {@code NO_COLOR} is set to anything (https://no-color.org) or {@code TERM} is {@code dumb}.
     *
     * @throws UsageException for any other value
     */
    static boolean enabled(String when, Map<String, String> env, boolean terminal) {
        if (when == null || when.equals("auto")) {
            String noColor = env.get("NO_COLOR");
            return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
        }
        return switch (when) {
            case "always" -> true;
            case "never" -> false;
            default -> throw new UsageException("--color must be auto, always or never, not '" + when + "'");
        };
    }

    /** The colour of a level: CRITICAL stands out most, INFO is green, DEBUG dim. */
    static String levelColor(String level) {
        return switch (level) {
            case "CRITICAL" -> "\u001b[1;37;41m";
            case "ERROR" -> "\u001b[1;31m";
            case "WARNING" -> "\u001b[33m";
            case "DEBUG" -> DIM;
            default -> "\u001b[32m";
        };
    }
}
