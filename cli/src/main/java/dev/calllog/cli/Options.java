package dev.calllog.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal parser for {@code --name value}, {@code --name=value} and {@code --flag} options followed or preceded by
 * positional arguments. Unknown options are usage errors, so a typo never passes silently.
 */
public final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {}

    /**
     * Parses {@code args}.
     *
     * @param withValue options that take a value
     * @param flags options that take none
     */
    public static Options parse(List<String> args, Set<String> withValue, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                options.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                options.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                options.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (withValue.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return options;
    }

    /** The last value given for {@code name}, or {@code fallback}. */
    public String get(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null ? fallback : list.get(list.size() - 1);
    }

    /** Every value given for {@code name}, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, Collections.emptyList());
    }

    /** Whether the flag or option was given. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** An integer option, or {@code fallback}; a value that is not a number is a usage error. */
    public int getInt(String name, int fallback) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    /** The arguments that are not options. */
    public List<String> positional() {
        return positional;
    }
}
