package dev.calllog.cli.ui;

import dev.calllog.cli.CallLogSearch;
import dev.calllog.cli.CallQuery;
import dev.calllog.cli.Command;
import dev.calllog.cli.Connection;
import dev.calllog.cli.Options;
import dev.calllog.cli.UsageException;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code calllog ui}: serves the call-detail web view (see {@link UiServer}) until the process is stopped.
 *
 * <pre>
 *   --listen ADDRESS   default 127.0.0.1 (loopback only)
 *   --port N           default 8642; 0 for any free port
 * </pre>
 */
public final class UiCommand implements Command {
    /** The address listened on by default: this machine only. */
    public static final String DEFAULT_LISTEN = "127.0.0.1";

    private static final Set<String> OPTIONS = new HashSet<>(Connection.OPTIONS);

    static {
        OPTIONS.addAll(Set.of("listen", "port"));
    }

    private final Map<String, String> env;
    private final CompletableFuture<?> stop;

    /** The command as the tool runs it: the process environment; it serves until the process is stopped. */
    public UiCommand() {
        this(System.getenv(), new CompletableFuture<>());
    }

    /**
     * @param env environment variables (connection defaults)
     * @param stop completing it stops the server and ends {@link #run}
     */
    public UiCommand(Map<String, String> env, CompletableFuture<?> stop) {
        this.env = env;
        this.stop = stop;
    }

    @Override
    public String name() {
        return "ui";
    }

    @Override
    public String summary() {
        return "the call list and call timelines in a web browser, on this machine";
    }

    @Override
    public String usage() {
        return "usage: calllog ui [--port N] [--listen ADDRESS] [connection options]\n"
                + "  --port N                  port to listen on (default: " + UiServer.DEFAULT_PORT
                + "; 0 for any free port)\n"
                + "  --listen ADDRESS          address to listen on (default: " + DEFAULT_LISTEN
                + ", this machine only)\n"
                + Connection.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, OPTIONS, Set.of());
        if (!options.positional().isEmpty()) {
            throw new UsageException(
                    "unexpected argument '" + options.positional().get(0) + "'");
        }
        int port = options.getInt("port", UiServer.DEFAULT_PORT);
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port must be between 0 and 65535");
        }
        String listen = options.get("listen", DEFAULT_LISTEN);
        InetAddress address;
        try {
            address = InetAddress.getByName(listen);
        } catch (UnknownHostException e) {
            throw new UsageException("--listen '" + listen + "' is not an address of this machine");
        }
        CallLogConfig config = Connection.config(options, env);

        try (OpenSearchHttpTransport transport = Connection.open(config)) {
            CallLogSearch search = new CallLogSearch(transport, config.dataStream());
            UiServer server;
            try {
                server = UiServer.start(address, port, CallReader.of(search), config.dataStream(), config.password());
            } catch (IOException e) {
                err.println("calllog ui: cannot listen on " + listen + " port " + port + ": " + e.getMessage()
                        + (port == 0 ? "" : " (choose another with --port)"));
                return 1;
            }
            try (server) {
                Thread hook = new Thread(server::close, "calllog-ui-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                if (!address.isLoopbackAddress()) {
                    err.println("calllog ui: listening on " + listen + ", which other machines may reach: the web view"
                            + " has no login of its own, and whoever reaches it reads the call log with this tool's"
                            + " credentials");
                }
                try {
                    search.calls(CallQuery.recent(1, null));
                } catch (IOException | RuntimeException e) {
                    err.println("calllog ui: OpenSearch cannot be read yet (" + server.withoutSecret(e.getMessage())
                            + "); the pages will say so until it can");
                }
                out.println(
                        "Call-log web view of '" + config.dataStream() + "' at " + server.url() + " (Ctrl-C stops it)");
                out.flush();
                stop.join();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the process is already stopping: the hook closes the server
                }
            }
            return 0;
        } catch (IOException e) {
            err.println("calllog ui: " + e.getMessage());
            return 1;
        }
    }
}
