package dev.calllog.demo;

import dev.calllog.cli.CallLogCli;
import dev.calllog.cli.ui.UiCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code calllog ui --port 0}, run as a user runs it, on one data stream, until closed. */
final class WebView implements AutoCloseable {
    private static final Pattern STARTED =
            Pattern.compile(" at (http://127\\.0\\.0\\.1:[0-9]+/) \\(Ctrl-C stops it\\)");

    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final String url;

    WebView(String clusterUrl, String dataStream) {
        CallLogCli tool = new CallLogCli(List.of(new UiCommand(Map.of(), stop)));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(
                () -> tool.run(List.of("ui", "--port", "0", "--url", clusterUrl, "--data-stream", dataStream), o, e));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String found = null;
        while (found == null && !exit.isDone() && System.nanoTime() < deadline) {
            Matcher m = STARTED.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                found = m.group(1);
            } else {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        if (found == null) {
            stop.complete(null);
            throw new IllegalStateException("calllog ui did not start: " + out + " " + err);
        }
        url = found;
    }

    /** The web view's address, ending in {@code /}. */
    String url() {
        return url;
    }

    /** What it wrote to its error output. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        stop.complete(null);
        exit.get(30, TimeUnit.SECONDS);
    }
}
