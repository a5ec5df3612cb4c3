package dev.calllog.cli;

import dev.calllog.cli.AssetOutcome.Status;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.setup.AssetManifest;
import dev.calllog.core.internal.setup.AssetManifest.Asset;
import dev.calllog.core.internal.setup.AssetParameters;
import dev.calllog.core.internal.setup.TemplateInstaller;
import dev.calllog.core.internal.setup.TemplateInstaller.AssetResult;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code calllog setup}: installs every asset the cluster side needs, and says, one line per asset, what it did.
 *
 * <ol>
 *   <li>the component and index templates (as the appenders do, with this command's parameters);
 *   <li>the ISM policy, when the Index Management plugin is installed;
 *   <li>the monitors, when the Alerting plugin is installed;
 *   <li>the tenant role, with {@code --role} (Security plugin);
 *   <li>the dashboards, with {@code --dashboards-url}.
 * </ol>
 *
 * A plugin that is absent skips its assets, unless they were asked for explicitly ({@code --ism}, {@code --monitors},
 * {@code --role}): then they fail. Exit code 1 when anything failed. Re-running changes nothing that is already as the
 * files say.
 */
public final class SetupCommand implements Command {
    /** Where the dashboards' saved objects are looked for on the class path. */
    public static final String DASHBOARDS_RESOURCE = "dev/calllog/dashboards/calllog-dashboards.ndjson";

    static final String ISM_PLUGIN = "opensearch-index-management";
    static final String ALERTING_PLUGIN = "opensearch-alerting";
    static final String SECURITY_PLUGIN = "opensearch-security";

    private static final Set<String> VALUE_OPTIONS;
    private static final Set<String> FLAGS = Set.of("ism", "no-ism", "monitors", "no-monitors", "role", "dry-run");

    static {
        Set<String> s = new HashSet<>(Connection.OPTIONS);
        s.addAll(Set.of(
                "retention-days",
                "rollover-age",
                "rollover-size",
                "replicas",
                "critical-threshold",
                "error-threshold",
                "monitor-interval-minutes",
                "tenant-attribute",
                "dashboards-url",
                "dashboards-file"));
        VALUE_OPTIONS = Set.copyOf(s);
    }

    private static final StatusSink QUIET = new StatusSink() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message, Throwable cause) {}

        @Override
        public void error(String message, Throwable cause) {}
    };

    private final Map<String, String> env;
    private final ClassLoader resources;

    /** The command as the tool runs it: the process environment, the tool's class path. */
    public SetupCommand() {
        this(System.getenv(), SetupCommand.class.getClassLoader());
    }

    /**
     * @param env where connection defaults such as {@code OPENSEARCH_URL} are read
     * @param resources where the bundled dashboards file is looked for
     */
    public SetupCommand(Map<String, String> env, ClassLoader resources) {
        this.env = env;
        this.resources = resources;
    }

    @Override
    public String name() {
        return "setup";
    }

    @Override
    public String summary() {
        return "install the templates, ISM policy, monitors, tenant role and dashboards";
    }

    @Override
    public String usage() {
        return "usage: calllog setup [options]\n\n"
                + "Installs the call-log assets in an OpenSearch cluster: the index templates; the ISM retention policy\n"
                + "and the alerting monitors when their plugins are installed; the tenant read role with --role; the\n"
                + "dashboards with --dashboards-url. Safe to run again: what is already installed is left alone.\n\n"
                + "connection (the templates cover the data streams calllog-*):\n"
                + Connection.USAGE
                + "install-time parameters:\n"
                + "  --retention-days N           delete backing indices N days after their rollover (default: "
                + AssetParameters.DEFAULT_RETENTION_DAYS + ")\n"
                + "  --rollover-age AGE           roll the write index over at this age (default: "
                + AssetParameters.DEFAULT_ROLLOVER_AGE + ")\n"
                + "  --rollover-size SIZE         ... or when a primary shard reaches this size (default: "
                + AssetParameters.DEFAULT_ROLLOVER_SIZE + ")\n"
                + "  --replicas N                 replicas per shard (default: auto-expand 0-1)\n"
                + "  --critical-threshold N       alert when more than N CRITICAL events arrive (default: "
                + AssetParameters.DEFAULT_CRITICAL_THRESHOLD + ")\n"
                + "  --error-threshold N          alert when more than N ERROR and CRITICAL events arrive in 5 minutes,\n"
                + "                               in all and per agent and account (default: "
                + AssetParameters.DEFAULT_ERROR_THRESHOLD + ")\n"
                + "  --monitor-interval-minutes N how often the monitors run (default: "
                + AssetParameters.DEFAULT_MONITOR_INTERVAL_MINUTES + ")\n"
                + "  --tenant-attribute ATTR      user attribute holding the account id a user may read\n"
                + "                               (default: " + AssetParameters.DEFAULT_TENANT_ATTRIBUTE + ")\n"
                + "what to install:\n"
                + "  --ism | --no-ism             require | skip the ISM policy (default: when the plugin is installed)\n"
                + "  --monitors | --no-monitors   require | skip the monitors (default: when the plugin is installed)\n"
                + "  --role                       install the tenant read role (needs the Security plugin)\n"
                + "  --dashboards-url URL         import the dashboards into the OpenSearch Dashboards at URL\n"
                + "  --dashboards-file PATH       saved objects to import (default: the bundled calllog-dashboards.ndjson)\n"
                + "  --dry-run                    change nothing: say what would be done\n\n"
                + "exit codes: 0 done, 1 something could not be installed, 2 usage error\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args, VALUE_OPTIONS, FLAGS);
        if (!options.positional().isEmpty()) {
            throw new UsageException(
                    "unexpected argument '" + options.positional().get(0) + "'");
        }
        for (String plugin : List.of("ism", "monitors")) {
            if (options.has(plugin) && options.has("no-" + plugin)) {
                throw new UsageException("--" + plugin + " and --no-" + plugin + " contradict each other");
            }
        }
        if (options.has("dashboards-file") && !options.has("dashboards-url")) {
            throw new UsageException("--dashboards-file needs --dashboards-url");
        }
        CallLogConfig config = Connection.config(options, env);
        if (!config.dataStream().startsWith("calllog-")) {
            throw new UsageException("--data-stream '" + config.dataStream()
                    + "' is not covered by the templates, which match calllog-*");
        }
        AssetParameters parameters = parameters(options);
        boolean dryRun = options.has("dry-run");

        AssetManifest manifest;
        try {
            manifest = AssetManifest.load();
        } catch (IOException e) {
            err.println("calllog setup: " + e.getMessage());
            return 1;
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        Report report = outcome -> {
            out.println(outcome.line(dryRun));
            counts.merge(outcome.status(), 1, Integer::sum);
        };

        try (OpenSearchHttpTransport transport = Connection.open(config)) {
            for (AssetResult r : new TemplateInstaller(transport, QUIET)
                    .install(parameters, dryRun)
                    .assets()) {
                report.add(templateOutcome(r));
            }
            Plugins plugins = Plugins.detect(transport);
            PluginAssetInstaller installer =
                    new PluginAssetInstaller(transport, manifest, parameters.placeholderValues(), dryRun);
            installPluginAssets(
                    manifest.assets(AssetManifest.ISM_POLICY),
                    plugins,
                    ISM_PLUGIN,
                    "Index Management",
                    options.has("ism"),
                    options.has("no-ism") ? "--no-ism" : null,
                    installer,
                    report);
            installPluginAssets(
                    manifest.assets(AssetManifest.MONITOR),
                    plugins,
                    ALERTING_PLUGIN,
                    "Alerting",
                    options.has("monitors"),
                    options.has("no-monitors") ? "--no-monitors" : null,
                    installer,
                    report);
            installPluginAssets(
                    manifest.assets(AssetManifest.SECURITY_ROLE),
                    plugins,
                    SECURITY_PLUGIN,
                    "Security",
                    options.has("role"),
                    options.has("role") ? null : "not requested (--role)",
                    installer,
                    report);
        } catch (IOException e) {
            err.println("calllog setup: " + e.getMessage());
            return 1;
        }
        report.add(dashboards(options, config, dryRun));

        StringBuilder summary = new StringBuilder(dryRun ? "dry run, nothing changed:" : "setup:");
        for (Status s : Status.values()) {
            summary.append(' ')
                    .append(counts.getOrDefault(s, 0))
                    .append(' ')
                    .append(s.word(false))
                    .append(s == Status.FAILED ? "" : ",");
        }
        out.println(summary);
        return counts.getOrDefault(Status.FAILED, 0) > 0 ? 1 : 0;
    }

    @FunctionalInterface
    private interface Report {
        void add(AssetOutcome outcome);
    }

    private static AssetParameters parameters(Options o) {
        AssetParameters p = AssetParameters.defaults()
                .retentionDays(o.getInt("retention-days", AssetParameters.DEFAULT_RETENTION_DAYS))
                .rolloverAge(o.get("rollover-age", AssetParameters.DEFAULT_ROLLOVER_AGE))
                .rolloverSize(o.get("rollover-size", AssetParameters.DEFAULT_ROLLOVER_SIZE))
                .criticalThreshold(o.getInt("critical-threshold", AssetParameters.DEFAULT_CRITICAL_THRESHOLD))
                .errorThreshold(o.getInt("error-threshold", AssetParameters.DEFAULT_ERROR_THRESHOLD))
                .monitorIntervalMinutes(
                        o.getInt("monitor-interval-minutes", AssetParameters.DEFAULT_MONITOR_INTERVAL_MINUTES))
                .tenantAttribute(o.get("tenant-attribute", AssetParameters.DEFAULT_TENANT_ATTRIBUTE));
        if (o.has("replicas")) {
            p.replicas(o.getInt("replicas", 0));
        }
        List<String> problems = p.validate();
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("; ", problems));
        }
        return p;
    }

    private static AssetOutcome templateOutcome(AssetResult r) {
        return switch (r.action()) {
            case INSTALLED -> new AssetOutcome(r.kind(), r.name(), Status.CREATED, "(version " + r.version() + ")");
            case UPGRADED ->
                new AssetOutcome(
                        r.kind(),
                        r.name(),
                        Status.UPDATED,
                        "(version " + (r.clusterVersion() < 0 ? "none" : r.clusterVersion()) + " -> " + r.version()
                                + ")");
            case UPDATED ->
                new AssetOutcome(
                        r.kind(), r.name(), Status.UPDATED, "(version " + r.version() + ", other install parameters)");
            case UNCHANGED -> new AssetOutcome(r.kind(), r.name(), Status.UNCHANGED, "(version " + r.version() + ")");
            case SKIPPED_NEWER ->
                AssetOutcome.skipped(
                        r.kind(),
                        r.name(),
                        "version " + r.clusterVersion() + " on the cluster is newer than " + r.version());
            case FAILED -> AssetOutcome.failed(r.kind(), r.name(), r.message());
        };
    }

    /**
     * Installs assets of one plugin, or reports why not.
     *
     * @param requested whether the user asked for them explicitly: a missing plugin is then a failure
     * @param skipReason why they are not wanted, or null
     */
    private static void installPluginAssets(
            List<Asset> assets,
            Plugins plugins,
            String plugin,
            String pluginTitle,
            boolean requested,
            String skipReason,
            PluginAssetInstaller installer,
            Report report) {
        for (Asset asset : assets) {
            if (skipReason != null) {
                report.add(AssetOutcome.skipped(asset.kind(), asset.name(), skipReason));
            } else if (plugins.error() != null) {
                report.add(AssetOutcome.failed(
                        asset.kind(),
                        asset.name(),
                        "cannot tell whether the " + pluginTitle + " plugin is installed: " + plugins.error()));
            } else if (!plugins.installed().contains(plugin)) {
                String reason = "plugin not installed (" + pluginTitle + ", " + plugin + ")";
                report.add(
                        requested
                                ? AssetOutcome.failed(asset.kind(), asset.name(), reason)
                                : AssetOutcome.skipped(asset.kind(), asset.name(), reason));
            } else {
                report.add(installer.install(asset));
            }
        }
    }

    private AssetOutcome dashboards(Options options, CallLogConfig config, boolean dryRun) {
        String url = options.get("dashboards-url", null);
        String file = options.get("dashboards-file", null);
        String fileName = file == null
                ? "calllog-dashboards.ndjson"
                : Path.of(file).getFileName().toString();
        if (url == null) {
            return AssetOutcome.skipped("dashboards", fileName, "no --dashboards-url");
        }
        byte[] ndjson;
        try {
            if (file != null) {
                ndjson = Files.readAllBytes(Path.of(file));
            } else {
                try (InputStream in = resources.getResourceAsStream(DASHBOARDS_RESOURCE)) {
                    if (in == null) {
                        return AssetOutcome.failed(
                                "dashboards",
                                fileName,
                                "the bundled dashboards (" + DASHBOARDS_RESOURCE + ") are not on the class path:"
                                        + " give --dashboards-file");
                    }
                    ndjson = in.readAllBytes();
                }
            }
        } catch (IOException e) {
            return AssetOutcome.failed("dashboards", fileName, "cannot read " + file + ": " + e);
        }
        DashboardsImporter importer;
        try {
            importer = new DashboardsImporter(
                    OpenSearchHttpTransport.sslContext(config),
                    config.username(),
                    config.password(),
                    Duration.ofMillis(config.requestTimeoutMillis()));
        } catch (GeneralSecurityException | IOException e) {
            return AssetOutcome.failed("dashboards", fileName, "cannot set up TLS: " + e.getMessage());
        }
        return importer.importObjects(url, fileName, ndjson, dryRun);
    }

    /**
     * The plugins of the cluster's nodes ({@code GET _cat/plugins}), or why they are unknown.
     *
     * @param installed plugin components, such as {@code opensearch-alerting}
     * @param error why they could not be listed, or null
     */
    record Plugins(Set<String> installed, String error) {
        static Plugins detect(OpenSearchHttpTransport transport) {
            String path = "/_cat/plugins?format=json&h=component";
            HttpResult r;
            try {
                r = transport.send("GET", path);
            } catch (IOException e) {
                return new Plugins(Set.of(), "OpenSearch could not be reached: " + e.getMessage());
            }
            if (!r.isSuccess()) {
                return new Plugins(Set.of(), "GET " + path + " answered " + r.status() + ": " + r.errorText(200));
            }
            Set<String> components = new HashSet<>();
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(r.body()))) {
                for (JsonValue v : reader.readArray()) {
                    components.add(v.asJsonObject().getString("component", ""));
                }
            } catch (JsonException | ClassCastException e) {
                return new Plugins(Set.of(), "GET " + path + " answered unreadable JSON: " + r.bodyText(80));
            }
            return new Plugins(Set.copyOf(components), null);
        }
    }
}
