package dev.calllog.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real OpenSearch node, unpacked from the {@code integ-test-zip} Maven artifact into a private temporary directory
 * and run as a child process on loopback.
 *
 * <pre>{@code
 * try (OpenSearchNode node = OpenSearchNode.builder().build().start()) {
 *     node.http().get("/_cluster/health");
 * }
 * }</pre>
 *
 * <p>The node keeps its ports and its data directory for its whole life: {@link #stop()} or {@link #kill()} it, then
 * {@link #start()} it again, and it comes back where clients expect it, with its data. {@link #close()} stops it and
 * deletes the directory. A JVM shutdown hook stops and deletes nodes that were never closed.
 *
 * <p>The plugin tier: {@link Builder#security(String)} installs the Security plugin with its demo certificates (the
 * node then speaks HTTPS, and {@link #http()} authenticates as {@code admin}), {@link Builder#jobScheduler()} the Job
 * Scheduler plugin, {@link Builder#painless()} the {@code lang-painless} module the integ-test zip leaves out; all from
 * Maven Central, for the versions published there ({@link OpenSearchVersions#pluginsVersion()}).
 *
 * <p>When this JVM runs as root, the node runs as the system user {@code calllog-os} (created on first use), since
 * OpenSearch refuses to run as root; the directory is then made under {@code java.io.tmpdir} (or {@code /tmp}) where
 * that user can reach it.
 */
public final class OpenSearchNode implements AutoCloseable {
    /** Heap of the node, for both {@code -Xms} and {@code -Xmx}, unless the builder or {@value #HEAP_PROPERTY} says. */
    public static final String DEFAULT_HEAP = "512m";
    /** System property that overrides the default heap, e.g. {@code -Dcalllog.opensearch.heap=1g}. */
    public static final String HEAP_PROPERTY = "calllog.opensearch.heap";
    /**
     * How long {@link #start()} waits for the node to answer with at least a yellow cluster health: generous, because
     * a node with the Security plugin takes over two minutes to start on two cores other work keeps busy, and a node
     * that exits is reported at once.
     */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(300);
    /**
     * System property that overrides the default startup timeout in seconds, e.g. {@code
     * -Dcalllog.opensearch.startupSeconds=600} on a machine whose cores are busy with other work.
     */
    public static final String STARTUP_SECONDS_PROPERTY = "calllog.opensearch.startupSeconds";
    /** How long {@link #stop()} waits after SIGTERM before it sends SIGKILL. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<OpenSearchNode> OPEN = ConcurrentHashMap.newKeySet();

    static {
        // The last line of defence against stray nodes: stop whatever a test run left open.
        Runtime.getRuntime().addShutdownHook(new Thread(OpenSearchNode::closeAllOnExit, "opensearch-node-cleanup"));
    }

    private final String version;
    private final String name;
    private final String clusterName;
    private final String heap;
    private final String javaOpts;
    private final Path javaHome;
    private final Map<String, String> settings;
    private final Duration startupTimeout;
    private final int httpPort;
    private final int transportPort;
    private final boolean painless;
    private final boolean jobScheduler;
    private final String adminPassword;
    private volatile OpenSearchHttp http;

    private volatile Path directory;
    private volatile Process process;
    private boolean closed;

    private OpenSearchNode(Builder builder) {
        this.version = builder.version;
        this.name = builder.name;
        this.clusterName = builder.clusterName;
        this.heap = builder.heap;
        this.javaOpts = builder.javaOpts;
        this.settings = new LinkedHashMap<>(builder.settings);
        this.startupTimeout = builder.startupTimeout;
        this.painless = builder.painless;
        this.jobScheduler = builder.jobScheduler;
        this.adminPassword = builder.adminPassword;
        this.javaHome = builder.javaHome != null
                ? builder.javaHome
                : OpenSearchVersions.javaHomeFor(version)
                        .orElseThrow(() -> new IllegalStateException("OpenSearch " + version + " needs Java "
                                + javaRange(version) + "; this JVM is Java "
                                + Runtime.version().feature()
                                + " and no such JDK was found under " + OpenSearchVersions.JVM_DIRECTORY
                                + ". Set one with Builder.javaHome(...)."));
        if (builder.httpPort > 0 && builder.transportPort > 0) {
            this.httpPort = builder.httpPort;
            this.transportPort = builder.transportPort;
        } else {
            int[] ports = NodePorts.free(2);
            this.httpPort = builder.httpPort > 0 ? builder.httpPort : ports[0];
            this.transportPort = builder.transportPort > 0 ? builder.transportPort : ports[1];
        }
    }

    /** A builder with the defaults: {@link OpenSearchVersions#defaultVersion()}, 512 MB heap, free ports. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the node and waits until it answers with a yellow or green cluster health. The first start unpacks the
     * distribution; later starts (after {@link #stop()} or {@link #kill()}) reuse its ports and data.
     *
     * @return this node
     * @throws IllegalStateException if the node is running or closed, or did not come up in time (it is then killed,
     *     and its logs are left in {@link #logsDirectory()})
     */
    public synchronized OpenSearchNode start() {
        launch();
        awaitReady();
        return this;
    }

    /** Stops the node, then starts it again with the same ports and data. */
    public synchronized OpenSearchNode restart() {
        stop();
        return start();
    }

    /**
     * Stops the node: SIGTERM, then SIGKILL if it is still running after {@link #STOP_TIMEOUT}. Does nothing when it is
     * not running.
     */
    public synchronized void stop() {
        Process p = process;
        if (p != null) {
            terminate(p, STOP_TIMEOUT);
        }
    }

    /** Kills the node at once with SIGKILL, as a crash or an abrupt power-off would, and waits until it is gone. */
    public synchronized void kill() {
        Process p = process;
        if (p != null) {
            terminate(p, Duration.ZERO);
        }
    }

    /** Stops the node if it runs and deletes its directory. The node cannot be started again. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            OPEN.remove(this);
            deleteDirectory();
        }
    }

    /** True while the node's process is alive (it may not answer yet, or any more). */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The process id of the running node, empty when it is not running. */
    public OptionalLong pid() {
        Process p = process;
        return p != null && p.isAlive() ? OptionalLong.of(p.pid()) : OptionalLong.empty();
    }

    /** {@code http://127.0.0.1:<httpPort>} ({@code https://} with the Security plugin), without a trailing slash. */
    public String url() {
        return (isSecured() ? "https" : "http") + "://127.0.0.1:" + httpPort;
    }

    /** Whether the node has the Security plugin: HTTPS, and every request authenticated. */
    public boolean isSecured() {
        return adminPassword != null;
    }

    /** The password of the Security plugin's {@code admin} user; null without the plugin. */
    public String adminPassword() {
        return adminPassword;
    }

    /**
     * The PEM file of the CA that signed the node's demo certificate ({@code config/root-ca.pem}); null without the
     * Security plugin, or before start.
     */
    public Path caCertificate() {
        Path d = directory;
        return d == null || !isSecured() ? null : d.resolve("config/root-ca.pem");
    }

    /** A TLS context that trusts {@link #caCertificate()} only; null without the Security plugin. */
    public SSLContext sslContext() {
        Path ca = caCertificate();
        if (ca == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(ca)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ca, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust " + ca + ": " + e, e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int transportPort() {
        return transportPort;
    }

    /** The OpenSearch version this node runs. */
    public String version() {
        return version;
    }

    /** The node's {@code node.name}. */
    public String name() {
        return name;
    }

    public String clusterName() {
        return clusterName;
    }

    /** The Java home the node runs on. */
    public Path javaHome() {
        return javaHome;
    }

    /**
     * An HTTP client for this node; with the Security plugin, it trusts the node's CA and authenticates as
     * {@code admin} ({@link OpenSearchHttp#as} gives one for another user). Available once the node was started.
     */
    public OpenSearchHttp http() {
        OpenSearchHttp h = http;
        if (h == null) {
            h = client(Duration.ofSeconds(60));
            http = h;
        }
        return h;
    }

    private OpenSearchHttp client(Duration timeout) {
        if (!isSecured()) {
            return new OpenSearchHttp(url(), timeout);
        }
        if (directory == null) {
            throw new IllegalStateException(this + " has not been started: its CA does not exist yet");
        }
        return new OpenSearchHttp(url(), timeout, sslContext(), "admin", adminPassword);
    }

    /** The node's private directory (its OpenSearch home, with {@code data/} and {@code logs/}); null before start. */
    public Path directory() {
        return directory;
    }

    /** The node's {@code path.logs}; null before start. */
    public Path logsDirectory() {
        Path d = directory;
        return d == null ? null : d.resolve("logs");
    }

    /** The node's main log, {@code <cluster name>.log}; null before start. */
    public Path logFile() {
        Path logs = logsDirectory();
        return logs == null ? null : logs.resolve(clusterName + ".log");
    }

    /** What the node printed on stdout and stderr, across all its starts; null before start. */
    public Path consoleFile() {
        Path logs = logsDirectory();
        return logs == null ? null : logs.resolve("console.log");
    }

    /**
     * Copies the node's logs into a new directory {@code <parent>/<name>-<timestamp>} and returns it; for keeping the
     * logs of a failed run after {@link #close()} deletes the originals.
     */
    public Path copyLogsTo(Path parent) {
        Path logs = logsDirectory();
        if (logs == null || !Files.isDirectory(logs)) {
            throw new IllegalStateException("Node " + name + " has no logs yet");
        }
        Path target = parent.resolve(
                name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(logs.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + logs + " to " + target, e);
        }
        return target;
    }

    @Override
    public String toString() {
        return "OpenSearch " + version + " node " + name + " at " + url() + (isRunning() ? " (running)" : "");
    }

    /** Starts the process without waiting for it to answer; for clusters, whose nodes must boot together. */
    synchronized void launch() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        if (directory == null) {
            directory = prepareDirectory();
        }
        OPEN.add(this);
        List<String> command = new ArrayList<>();
        if (NodeUser.isRoot()) {
            command.addAll(NodeUser.commandPrefix());
        }
        command.add(directory.resolve("bin/opensearch").toString());
        effectiveSettings().forEach((key, value) -> command.add("-E" + key + "=" + value));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        // Options meant for this JVM (agents, debuggers) must not leak into the node's.
        List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "OPENSEARCH_HOME", "OPENSEARCH_PATH_CONF")
                .forEach(env::remove);
        env.put("OPENSEARCH_JAVA_HOME", javaHome.toString());
        env.put("JAVA_HOME", javaHome.toString());
        env.put("OPENSEARCH_JAVA_OPTS", ("-Xms" + heap + " -Xmx" + heap + " " + javaOpts).trim());
        env.put("OPENSEARCH_TMPDIR", directory.resolve("tmp").toString());
        env.put("HOME", directory.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** Waits for a yellow or green health; kills the node and throws when it dies or the startup timeout passes. */
    void awaitReady() {
        OpenSearchHttp probe = client(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String last = "no answer";
        while (true) {
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw startupFailure("exited with status " + (p == null ? "?" : p.exitValue()));
            }
            try {
                OpenSearchHttp.Response health = probe.get("/_cluster/health?wait_for_status=yellow&timeout=1s");
                if (health.status() == 200) {
                    return;
                }
                last = health.toString();
            } catch (UncheckedIOException e) {
                last = String.valueOf(e.getCause());
            }
            if (System.nanoTime() - deadline > 0) {
                kill();
                throw startupFailure(
                        "did not reach yellow health within " + startupTimeout + " (last answer: " + last + ")");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("Interrupted while waiting for " + this, e);
            }
        }
    }

    private IllegalStateException startupFailure(String what) {
        return new IllegalStateException(this + " " + what + "; logs in " + logsDirectory() + "; console tail:\n"
                + Distribution.tail(consoleFile(), 30));
    }

    private Map<String, String> effectiveSettings() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cluster.name", clusterName);
        all.put("node.name", name);
        all.put("network.host", "127.0.0.1");
        all.put("http.port", String.valueOf(httpPort));
        all.put("transport.port", String.valueOf(transportPort));
        all.put("path.data", directory.resolve("data").toString());
        all.put("path.logs", directory.resolve("logs").toString());
        if (!settings.containsKey("discovery.seed_hosts")) {
            all.put("discovery.type", "single-node");
        }
        // Test machines often have full disks; watermarks would make indices read-only or leave shards unassigned.
        all.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        all.putAll(settings);
        return all;
    }

    private Path prepareDirectory() {
        Path zip = Distribution.locate(version);
        boolean root = NodeUser.isRoot();
        if (root) {
            NodeUser.ensureExists();
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(temporaryBase(root), "calllog-opensearch-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a directory for " + this, e);
        }
        try {
            Distribution.unpack(zip, dir);
            addParts(dir);
            for (String sub : List.of("data", "logs", "tmp")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.createFile(dir.resolve("logs/console.log"));
            if (root) {
                NodeUser.chown(dir);
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot prepare a directory for " + this, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Installs the plugins and modules the builder asked for, before the directory is handed to the node user. */
    private void addParts(Path home) {
        if (painless) {
            NodeParts.assemblePainless(home, version);
        }
        if (jobScheduler) {
            NodeParts.installPlugin(home, javaHome, NodeParts.JOB_SCHEDULER, version);
        }
        if (adminPassword != null) {
            NodeParts.installPlugin(home, javaHome, NodeParts.SECURITY, version);
            NodeParts.installSecurityDemo(home, javaHome, adminPassword);
        }
    }

    /** {@code java.io.tmpdir}, unless the node user could not reach into it (e.g. under /root): then {@code /tmp}. */
    private static Path temporaryBase(boolean root) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (!root) {
            return tmp;
        }
        for (Path p = tmp.toRealPath(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return Path.of("/tmp");
            }
        }
        return tmp;
    }

    private static void terminate(Process p, Duration grace) {
        List<ProcessHandle> children = p.descendants().toList();
        try {
            if (!grace.isZero()) {
                p.destroy();
                children.forEach(ProcessHandle::destroy);
                if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    children.forEach(OpenSearchNode::killAndWait);
                    return;
                }
            }
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            children.forEach(OpenSearchNode::killAndWait);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    private static void killAndWait(ProcessHandle handle) {
        if (handle.isAlive()) {
            handle.destroyForcibly();
            handle.onExit()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .exceptionally(t -> null)
                    .join();
        }
    }

    private void deleteDirectory() {
        deleteTree(directory);
    }

    private static void deleteTree(Path d) {
        if (d == null || !Files.exists(d)) {
            return;
        }
        try (Stream<Path> files = Files.walk(d)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + d, e);
        }
    }

    private static void closeAllOnExit() {
        for (OpenSearchNode node : OPEN) {
            // No locking: the thread that owns the node may be stuck in start() while the JVM exits.
            Process p = node.process;
            if (p != null) {
                terminate(p, Duration.ofSeconds(10));
            }
            try {
                node.deleteDirectory();
            } catch (RuntimeException ignored) {
                // Best effort while the JVM exits.
            }
        }
    }

    private static String javaRange(String version) {
        int max = OpenSearchVersions.maximumJavaVersion(version);
        return OpenSearchVersions.requiredJavaVersion(version) + (max == Integer.MAX_VALUE ? "+" : " to " + max);
    }

    /** Settings of a node; every one has a default. */
    public static final class Builder {
        private String version = OpenSearchVersions.defaultVersion();
        private String name = "calllog-node";
        private String clusterName = "calllog";
        private String heap = System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP);
        private String javaOpts = "";
        private Path javaHome;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startupTimeout =
                Duration.ofSeconds(Long.getLong(STARTUP_SECONDS_PROPERTY, DEFAULT_STARTUP_TIMEOUT.toSeconds()));
        private int httpPort;
        private int transportPort;
        private boolean painless;
        private boolean jobScheduler;
        private String adminPassword;

        private Builder() {}

        /**
         * Adds the {@code lang-painless} module, assembled from {@code org.opensearch.plugin:lang-painless:<version>}
         * and its dependencies on Maven Central: scripts, and the {@code _scripts/painless/_execute} API.
         */
        public Builder painless() {
            this.painless = true;
            return this;
        }

        /**
         * Installs the Job Scheduler plugin, {@code org.opensearch.plugin:opensearch-job-scheduler:<version>.0:zip}.
         */
        public Builder jobScheduler() {
            this.jobScheduler = true;
            return this;
        }

        /**
         * Installs the Security plugin, {@code org.opensearch.plugin:opensearch-security:<version>.0:zip}, with its demo
         * configuration: TLS with demo certificates (see {@link #caCertificate()}) and the user {@code admin} with
         * {@code adminPassword}, which the demo installer requires to be strong (8 characters or more, with upper and
         * lower case letters, a digit and a special character).
         */
        public Builder security(String adminPassword) {
            this.adminPassword = Objects.requireNonNull(adminPassword);
            return this;
        }

        /** OpenSearch version, as published on Maven Central; default {@link OpenSearchVersions#defaultVersion()}. */
        public Builder version(String version) {
            OpenSearchVersions.majorOf(version);
            this.version = version;
            return this;
        }

        /** {@code node.name}, also part of the directory name; default {@code calllog-node}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** {@code cluster.name}; default {@code calllog}. */
        public Builder clusterName(String clusterName) {
            this.clusterName = Objects.requireNonNull(clusterName);
            return this;
        }

        /** Heap size for {@code -Xms} and {@code -Xmx}, e.g. {@code 1g}; default {@value OpenSearchNode#DEFAULT_HEAP}. */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap);
            return this;
        }

        /** Extra JVM options for the node, appended to the heap options; default none. */
        public Builder javaOpts(String javaOpts) {
            this.javaOpts = Objects.requireNonNull(javaOpts);
            return this;
        }

        /** Java home for the node; default {@link OpenSearchVersions#javaHomeFor(String)} of the version. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        /**
         * Any node setting, passed as {@code -E<key>=<value>}; overrides the launcher's own. Setting
         * {@code discovery.seed_hosts} turns off the single-node discovery used by default.
         */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** How long {@link #start()} waits for the node; default {@link #DEFAULT_STARTUP_TIMEOUT}. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        /** HTTP port; default a free port, chosen when the node is built and kept across restarts. */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** Transport port; default a free port, chosen when the node is built and kept across restarts. */
        public Builder transportPort(int transportPort) {
            this.transportPort = transportPort;
            return this;
        }

        /**
         * The node, not started yet. Chooses its ports and Java home now.
         *
         * @throws IllegalStateException if no Java recent enough for the version is found
         */
        public OpenSearchNode build() {
            return new OpenSearchNode(this);
        }
    }
}
