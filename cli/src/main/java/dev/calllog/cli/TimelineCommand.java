package dev.calllog.cli;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code calllog timeline <call_id>}: one call's events, in order, read from OpenSearch. */
public final class TimelineCommand implements Command {
    private static final Set<String> OPTIONS = new HashSet<>(Connection.OPTIONS);

    static {
        OPTIONS.add("color");
    }

    private final Map<String, String> env;
    private final boolean terminal;

    /** The command as the tool runs it: the process environment, colours only on a terminal. */
    public TimelineCommand() {
        this(System.getenv(), System.console() != null);
    }

    /**
     * @param env environment variables (connection defaults, {@code NO_COLOR}, {@code TERM})
     * @param terminal whether standard output is a terminal
     */
    public TimelineCommand(Map<String, String> env, boolean terminal) {
        this.env = env;
        this.terminal = terminal;
    }

    @Override
    public String name() {
        return "timeline";
    }

    @Override
    public String summary() {
        return "one call's events, in order, as the call-detail view shows them";
    }

    @Override
    public String usage() {
        return "usage: calllog timeline CALL_ID [--data] [--color auto|always|never] [connection options]\n"
                + "  --data                    show each event's data\n"
                + Ansi.USAGE
                + Connection.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, OPTIONS, Set.of("data"));
        if (options.positional().size() != 1) {
            throw new UsageException("give exactly one call id");
        }
        String callId = options.positional().get(0);
        boolean color = Ansi.enabled(options.get("color", null), env, terminal);
        CallLogConfig config = Connection.config(options, env);
        List<JsonObject> events;
        try (OpenSearchHttpTransport transport = Connection.open(config)) {
            events = new CallLogSearch(transport, config.dataStream()).timeline(callId);
        } catch (IOException e) {
            err.println("calllog timeline: cannot read the call from OpenSearch: " + e.getMessage());
            return 1;
        }
        if (events.isEmpty()) {
            err.println("calllog timeline: no events for call '" + TimelineView.printable(callId) + "' in '"
                    + config.dataStream() + "'");
            return 1;
        }
        out.print(TimelineView.render(callId, events, options.has("data"), color));
        out.flush();
        return 0;
    }
}
