package dev.calllog.cli;

import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code calllog calls}: the most recent calls with their outcome and their warning, error and critical counts. */
public final class CallsCommand implements Command {
    /** Calls listed when {@code --last} is not given. */
    public static final int DEFAULT_LAST = 20;

    /** The most {@code --last} accepts (the size limit of a terms aggregation stays far away). */
    public static final int MAX_LAST = CallQuery.MAX_LAST;

    private static final Set<String> OPTIONS = new HashSet<>(Connection.OPTIONS);

    static {
        OPTIONS.addAll(Set.of("last", "since", "color", "call", "agent", "level"));
    }

    private final Map<String, String> env;
    private final boolean terminal;

    /** The command as the tool runs it: the process environment, colours only on a terminal. */
    public CallsCommand() {
        this(System.getenv(), System.console() != null);
    }

    /**
     * @param env environment variables (connection defaults, {@code NO_COLOR}, {@code TERM})
     * @param terminal whether standard output is a terminal
     */
    public CallsCommand(Map<String, String> env, boolean terminal) {
        this.env = env;
        this.terminal = terminal;
    }

    @Override
    public String name() {
        return "calls";
    }

    @Override
    public String summary() {
        return "recent calls with their outcome and error counts";
    }

    @Override
    public String usage() {
        return "usage: calllog calls [--last N] [--since PERIOD] [--call TEXT] [--agent ID] [--level LEVEL]\n"
                + "                    [--color auto|always|never] [connection options]\n"
                + "  --last N                  the N calls with the latest activity (default: " + DEFAULT_LAST + ")\n"
                + "  --since PERIOD            only calls with events in the last PERIOD: 30m, 1h, 2d... (s m h d w)\n"
                + "  --call TEXT               only calls whose id contains TEXT (any case)\n"
                + "  --agent ID                only calls of this agent\n"
                + "  --level LEVEL             only calls with an event of LEVEL or worse (WARNING, ERROR, CRITICAL)\n"
                + Ansi.USAGE
                + Connection.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, OPTIONS, Set.of());
        if (!options.positional().isEmpty()) {
            throw new UsageException(
                    "unexpected argument '" + options.positional().get(0) + "'");
        }
        int last = options.getInt("last", DEFAULT_LAST);
        if (last < 1 || last > MAX_LAST) {
            throw new UsageException("--last must be between 1 and " + MAX_LAST);
        }
        String since = options.get("since", null);
        if (since != null && !CallLogSearch.isPeriod(since)) {
            throw new UsageException(
                    "--since must be a period such as 30m, 1h or 2d (units: s, m, h, d, w), not '" + since + "'");
        }
        String levelName = options.get("level", null);
        Level level = levelName == null ? null : Level.parse(levelName);
        if (levelName != null && level == null) {
            throw new UsageException(
                    "--level must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not '" + levelName + "'");
        }
        CallQuery query = new CallQuery(last, since, options.get("call", null), options.get("agent", null), level);
        boolean color = Ansi.enabled(options.get("color", null), env, terminal);
        CallLogConfig config = Connection.config(options, env);
        List<CallSummary> calls;
        try (OpenSearchHttpTransport transport = Connection.open(config)) {
            calls = new CallLogSearch(transport, config.dataStream()).calls(query);
        } catch (IOException e) {
            err.println("calllog calls: cannot read calls from OpenSearch: " + e.getMessage());
            return 1;
        }
        if (calls.isEmpty()) {
            boolean filtered = query.callId() != null || query.agentId() != null || query.level() != null;
            out.println("No calls" + (filtered ? " match" : "") + " in '" + config.dataStream() + "'"
                    + (since == null ? "" : " in the last " + since) + ".");
        } else {
            out.print(CallsView.render(calls, color));
        }
        out.flush();
        return 0;
    }
}
