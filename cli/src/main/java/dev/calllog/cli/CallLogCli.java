package dev.calllog.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code calllog} command-line tool: {@code java -jar cli/target/calllog.jar <command> [options]}.
 *
 * <p>Exit codes: 0 when everything asked for was done, 1 when something could not be done, 2 on a usage error.
 */
public final class CallLogCli {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** A tool with the given commands, in the order help lists them. */
    public CallLogCli(List<Command> commands) {
        for (Command command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    /** The tool with every built-in command. */
    public static CallLogCli standard() {
        return new CallLogCli(List.of(
                new SetupCommand(), new TimelineCommand(), new CallsCommand(), new dev.calllog.cli.ui.UiCommand()));
    }

    public static void main(String[] args) {
        // The HTTP client logs through SLF4J; the tool has no logging of its own to bind, and needs no warning about
        // it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        // The OpenSearch client logs through SLF4J, which this tool does not bind: silence SLF4J's notice about it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(standard().run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command line and returns its exit code; never throws. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()
                || args.get(0).equals("help")
                || args.get(0).equals("--help")
                || args.get(0).equals("-h")) {
            if (args.size() > 1 && commands.containsKey(args.get(1))) {
                out.print(commands.get(args.get(1)).usage());
                return 0;
            }
            out.print(help());
            return args.isEmpty() ? 2 : 0;
        }
        Command command = commands.get(args.get(0));
        if (command == null) {
            err.println("calllog: unknown command '" + args.get(0) + "'");
            err.print(help());
            return 2;
        }
        try {
            return command.run(args.subList(1, args.size()), out, err);
        } catch (UsageException e) {
            err.println("calllog " + command.name() + ": " + e.getMessage());
            err.print(command.usage());
            return 2;
        } catch (RuntimeException e) {
            err.println("calllog " + command.name() + ": " + e);
            return 1;
        }
    }

    private String help() {
        StringBuilder sb = new StringBuilder("usage: calllog <command> [options]\n\ncommands:\n");
        for (Command command : commands.values()) {
            sb.append(String.format("  %-10s %s%n", command.name(), command.summary()));
        }
        sb.append(String.format("  %-10s %s%n", "help", "help [command]: this text, or one command's usage"));
        return sb.toString();
    }
}
