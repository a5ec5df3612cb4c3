package dev.calllog.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the {@code calllog} tool. */
public interface Command {

    /** The word that selects this command on the command line. */
    String name();

    /** One line for the tool's help. */
    String summary();

    /** Usage text shown for {@code calllog help <name>} and on a usage error. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @param out where results go
     * @param err where problems go
     * @return the process exit code: 0 when everything asked for was done, 1 when something could not be done,
     *     2 on a usage error
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
