package dev.calllog.testsupport.browser;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real browser for tests: the system's Chromium, headless, driven through the DevTools protocol over a WebSocket (the
 * JDK's {@link java.net.http.WebSocket}; no driver, no library). Each instance runs its own browser process with a
 * fresh profile, deleted on {@link #close()}.
 *
 * <p>Chromium comes from the operating system (Debian: {@code apt-get install chromium}); {@code $CHROMIUM} names
 * another binary. {@link #startOrSkip()} skips the test with a JUnit assumption when there is none.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** How long any one step (start, a command, a page load) may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The binaries looked for on the {@code PATH}, in order. */
    static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final List<EventWaiter> waiters = new CopyOnWriteArrayList<>();
    private final Map<String, List<String>> console = new ConcurrentHashMap<>();

    private record EventWaiter(String method, String sessionId, CompletableFuture<JsonObject> event) {}

    private HeadlessChromium(Process process, Path profile, String endpoint, List<String> earlyOutput)
            throws IOException {
        this.process = process;
        this.profile = profile;
        this.stderr.addAll(earlyOutput);
        try {
            this.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(endpoint), new Listener())
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to Chromium", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to Chromium's DevTools at " + endpoint + ": " + e, e);
        }
    }

    /** The Chromium binary: {@code $CHROMIUM}, else the first of {@link #NAMES} on the {@code PATH}. */
    public static Optional<Path> find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Chromium, or skips the calling test (a JUnit assumption) when it is not installed, saying how to install
     * it.
     */
    public static HeadlessChromium startOrSkip() throws IOException {
        Optional<Path> binary = find();
        Assumptions.assumeTrue(
                binary.isPresent(),
                "No Chromium found (looked for $CHROMIUM, then " + String.join(", ", NAMES) + " on the PATH): "
                        + "the browser tests are skipped. Install it with .ci/install-browser.sh "
                        + "(apt-get install -y chromium chromium-driver).");
        return start(binary.get());
    }

    /** Starts the given Chromium binary, headless, with a fresh profile. */
    public static HeadlessChromium start(Path binary) throws IOException {
        Path profile = Files.createTempDirectory("calllog-chromium-");
        List<String> command = List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox", // these machines and CI run as root, where Chromium's sandbox cannot start
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank");
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        process.getOutputStream().close();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        List<String> early = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<HeadlessChromium> started =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                endpoint.complete(m.group(1));
                            }
                            HeadlessChromium browser = started.get();
                            if (browser != null) {
                                browser.remember(line);
                            } else if (early.size() < 50) {
                                early.add(line);
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    endpoint.completeExceptionally(new IOException("Chromium ended before it was ready: " + early));
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            String ws = endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, profile, ws, early);
            started.set(browser);
            return browser;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(process, profile);
            throw new IOException("interrupted while starting Chromium", e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            destroy(process, profile);
            throw new IOException("Chromium did not start: " + e.getMessage() + " " + early, e);
        }
    }

    private synchronized void remember(String line) {
        stderr.addLast(line);
        while (stderr.size() > 50) {
            stderr.removeFirst();
        }
    }

    /** The last lines Chromium wrote to its error output, for failure messages. */
    public synchronized List<String> output() {
        return List.copyOf(stderr);
    }

    /**
     * Opens a new tab of the given size and loads {@code url} in it.
     *
     * @throws IOException when the page cannot be loaded
     */
    public Tab open(String url, int width, int height) throws IOException {
        String targetId = command(
                        "Target.createTarget", Json.createObjectBuilder().add("url", "about:blank"), null)
                .getString("targetId");
        String session = command(
                        "Target.attachToTarget",
                        Json.createObjectBuilder().add("targetId", targetId).add("flatten", true),
                        null)
                .getString("sessionId");
        console.put(session, new CopyOnWriteArrayList<>());
        Tab tab = new Tab(targetId, session);
        command("Page.enable", Json.createObjectBuilder(), session);
        command("Runtime.enable", Json.createObjectBuilder(), session);
        command("Log.enable", Json.createObjectBuilder(), session);
        tab.resize(width, height);
        tab.navigate(url);
        return tab;
    }

    /** One tab. */
    public final class Tab {
        private final String targetId;
        private final String session;

        private Tab(String targetId, String session) {
            this.targetId = targetId;
            this.session = session;
        }

        /** Loads {@code url} and waits for its load event. */
        public void navigate(String url) throws IOException {
            CompletableFuture<JsonObject> loaded = expect("Page.loadEventFired", session);
            JsonObject result =
                    command("Page.navigate", Json.createObjectBuilder().add("url", url), session);
            if (result.containsKey("errorText")) {
                throw new IOException("Chromium could not load " + url + ": " + result.getString("errorText"));
            }
            await(loaded, "the load of " + url);
            String at = evaluate("location.href").toString();
            if (at.equals("\"about:blank\"")) {
                throw new IOException("Chromium reported a load, but of about:blank, not of " + url);
            }
        }

        /**
         * Runs {@code action} (which makes the page go elsewhere: a click on a link, a form submitted) and waits for
         * the next page's load event.
         */
        public void andWaitForTheNextPage(String action) throws IOException {
            CompletableFuture<JsonObject> loaded = expect("Page.loadEventFired", session);
            evaluate(action);
            await(loaded, "the page after " + action);
        }

        /**
         * Evaluates a JavaScript expression in the page, as DevTools' console would, and returns its value as JSON
         * (promises are awaited).
         *
         * @throws IOException when it throws
         */
        public JsonValue evaluate(String expression) throws IOException {
            JsonObject result = command(
                    "Runtime.evaluate",
                    Json.createObjectBuilder()
                            .add("expression", expression)
                            .add("returnByValue", true)
                            .add("awaitPromise", true),
                    session);
            if (result.containsKey("exceptionDetails")) {
                throw new IOException("'" + expression + "' threw: " + result.getJsonObject("exceptionDetails"));
            }
            JsonObject value = result.getJsonObject("result");
            return value.containsKey("value") ? value.get("value") : JsonValue.NULL;
        }

        /** Sets the viewport's size in CSS pixels. */
        public void resize(int width, int height) throws IOException {
            command(
                    "Emulation.setDeviceMetricsOverride",
                    Json.createObjectBuilder()
                            .add("width", width)
                            .add("height", height)
                            .add("deviceScaleFactor", 1)
                            .add("mobile", false),
                    session);
        }

        /**
         * Writes a PNG of the page, as wide as the viewport and as tall as its content (at most {@code maxHeight}).
         */
        public void screenshot(Path png, int maxHeight) throws IOException {
            JsonObject metrics = command("Page.getLayoutMetrics", Json.createObjectBuilder(), session);
            JsonObject content = metrics.getJsonObject("cssContentSize");
            JsonObject viewport = metrics.getJsonObject("cssLayoutViewport");
            int width = viewport.getJsonNumber("clientWidth").intValue();
            int height = (int) Math.min(
                    maxHeight, Math.ceil(content.getJsonNumber("height").doubleValue()));
            JsonObject shot = command(
                    "Page.captureScreenshot",
                    Json.createObjectBuilder()
                            .add("format", "png")
                            .add("captureBeyondViewport", true)
                            .add(
                                    "clip",
                                    Json.createObjectBuilder()
                                            .add("x", 0)
                                            .add("y", 0)
                                            .add("width", width)
                                            .add("height", height)
                                            .add("scale", 1)),
                    session);
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, java.util.Base64.getDecoder().decode(shot.getString("data")));
        }

        /**
         * What the page reported so far: console messages and browser log entries (a script error, a refused resource,
         * a Content-Security-Policy violation), as {@code level: text}.
         */
        public List<String> console() {
            return List.copyOf(console.getOrDefault(session, List.of()));
        }

        /** Closes the tab. */
        public void close() throws IOException {
            command("Target.closeTarget", Json.createObjectBuilder().add("targetId", targetId), null);
        }
    }

    private CompletableFuture<JsonObject> expect(String method, String sessionId) {
        EventWaiter waiter = new EventWaiter(method, sessionId, new CompletableFuture<>());
        waiters.add(waiter);
        return waiter.event();
    }

    private JsonObject await(CompletableFuture<JsonObject> future, String what) throws IOException {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause().getMessage() + "; Chromium said " + output(), e);
        } catch (TimeoutException e) {
            throw new IOException(
                    "no answer from Chromium within " + TIMEOUT.toSeconds() + " s to " + what + "; it said " + output(),
                    e);
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonObject command(String method, JsonObjectBuilder params, String sessionId) throws IOException {
        int id = ids.incrementAndGet();
        JsonObjectBuilder message =
                Json.createObjectBuilder().add("id", id).add("method", method).add("params", params);
        if (sessionId != null) {
            message.add("sessionId", sessionId);
        }
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(message.build().toString(), true);
        JsonObject response = await(answer, method);
        if (response.containsKey("error")) {
            throw new IOException(method + " failed: " + response.getJsonObject("error"));
        }
        return response.getJsonObject("result");
    }

    private void dispatch(String text) {
        JsonObject message;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            message = reader.readObject();
        }
        if (message.containsKey("id")) {
            CompletableFuture<JsonObject> answer = pending.remove(message.getInt("id"));
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.getString("method", "");
        String sessionId = message.getString("sessionId", null);
        JsonObject params = message.getJsonObject("params");
        if (sessionId != null && console.containsKey(sessionId)) {
            if (method.equals("Runtime.consoleAPICalled")) {
                StringBuilder line = new StringBuilder(params.getString("type")).append(':');
                for (JsonValue arg : params.getJsonArray("args")) {
                    JsonObject a = arg.asJsonObject();
                    line.append(' ').append(a.containsKey("value") ? a.get("value") : a.getString("description", ""));
                }
                console.get(sessionId).add(line.toString());
            } else if (method.equals("Log.entryAdded")) {
                JsonObject entry = params.getJsonObject("entry");
                console.get(sessionId).add(entry.getString("level") + ": " + entry.getString("text"));
            } else if (method.equals("Runtime.exceptionThrown")) {
                console.get(sessionId).add("exception: " + params.getJsonObject("exceptionDetails"));
            }
        }
        for (EventWaiter waiter : waiters) {
            if (waiter.method().equals(method) && java.util.Objects.equals(waiter.sessionId(), sessionId)) {
                waiters.remove(waiter);
                waiter.event().complete(params);
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                dispatch(message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failAll(new IOException("Chromium closed the DevTools connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failAll(new IOException("DevTools connection failed: " + error, error));
        }
    }

    private void failAll(IOException e) {
        pending.values().forEach(f -> f.completeExceptionally(e));
        waiters.forEach(w -> w.event().completeExceptionally(e));
    }

    /** Closes the browser, ends its process and deletes its profile. */
    @Override
    public void close() {
        try {
            command("Browser.close", Json.createObjectBuilder(), null);
        } catch (IOException | RuntimeException e) {
            // it is stopped below either way
        }
        socket.abort();
        destroy(process, profile);
    }

    private static void destroy(Process process, Path profile) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Chromium's helper processes may still hold files for a moment: delete what can be deleted.
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; nothing more to do
        }
    }
}
