package dev.calllog.core.internal.setup;

import dev.calllog.core.internal.json.JsonReader;
import dev.calllog.core.internal.json.JsonReader.MalformedJsonException;
import dev.calllog.core.internal.json.JsonReader.Token;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.transport.BulkTransport;
import dev.calllog.core.internal.transport.HttpResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Installs the component and index templates listed in the {@link AssetManifest}, each only when it is missing or
 * older than the file: idempotent, and safe when several applications start at once.
 *
 * <p>Each template file carries {@code "_meta":{"version":N,"managed_by":"calllog",...}} at its top level; the
 * installer compares that version with the one on the cluster and PUTs the file when the cluster's is missing or
 * older. A newer one is left alone: another, newer application manages it. The files' install-time parameters
 * ({@link AssetParameters}, filled in through {@link Placeholders}) are recorded in {@code _meta} too: the appenders
 * install with the defaults and never replace a template of the same version, so they never undo what the setup
 * command chose; the setup command ({@link #install(AssetParameters, boolean)}) also replaces a template of the same
 * version whose {@code _meta} differs from the file's, that is, one installed with other parameters.
 *
 * <p>Never throws: each outcome is reported through the status sink (installations and upgrades at info, problems as
 * warnings) and returned. A user who may write events but not manage templates (the {@code calllog_writer} role) gets
 * one warning, not one per template: when a request is refused (401 or 403), the installer stops there, and the
 * remaining templates fail with the same reason.
 */
public final class TemplateInstaller {
    /** Where the project's templates live on the class path. */
    public static final String DEFAULT_RESOURCE_ROOT = AssetManifest.DEFAULT_ROOT;

    public static final String MANIFEST = AssetManifest.FILE;

    private static final int QUOTE_CHARS = 200;
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    /** What happened (or, in a dry run, would happen) to one asset. */
    public enum Action {
        /** It was missing and was installed. */
        INSTALLED,
        /** An older version was replaced. */
        UPGRADED,
        /** The same version, installed with other parameters, was replaced (setup command only). */
        UPDATED,
        /** The same version is installed. */
        UNCHANGED,
        /** A newer version is installed; it was left alone. */
        SKIPPED_NEWER,
        /** It could not be checked or installed; see the message. */
        FAILED
    }

    /**
     * The outcome for one asset.
     *
     * @param kind {@code component_template} or {@code index_template}
     * @param name the asset's name on the cluster
     * @param action what happened
     * @param version the file's version, or -1 when unknown
     * @param clusterVersion the version found on the cluster, -1 when there was none or it had no version
     * @param message what went wrong, or null
     */
    public record AssetResult(
            String kind, String name, Action action, long version, long clusterVersion, String message) {}

    /** The outcome for every asset, in manifest order. */
    public record Result(List<AssetResult> assets) {
        public Result {
            assets = List.copyOf(assets);
        }

        /** Whether nothing failed. */
        public boolean ok() {
            return assets.stream().noneMatch(a -> a.action() == Action.FAILED);
        }

        /** Whether the cluster could not be reached (a connection failure or a timeout), so nothing was decided. */
        public boolean unreachable() {
            return assets.stream()
                    .anyMatch(a -> a.action() == Action.FAILED
                            && a.message() != null
                            && a.message().startsWith(UNREACHABLE));
        }
    }

    /** How the result of an asset begins when the cluster could not be reached. */
    static final String UNREACHABLE = "OpenSearch could not be reached";

    private final BulkTransport transport;
    private final StatusSink status;
    private final ClassLoader loader;
    private final String root;

    /**
     * {@code status} without the warnings that the cluster could not be reached: for the attempts after the first,
     * made before each bulk request while the cluster is down (the failed requests are reported as such).
     */
    public static StatusSink quietWhileUnreachable(StatusSink status) {
        return new StatusSink() {
            @Override
            public void info(String message) {
                status.info(message);
            }

            @Override
            public void warn(String message, Throwable cause) {
                if (!message.contains(UNREACHABLE)) {
                    status.warn(message, cause);
                }
            }

            @Override
            public void error(String message, Throwable cause) {
                status.error(message, cause);
            }
        };
    }

    /** An installer of the project's templates ({@value #DEFAULT_RESOURCE_ROOT}). */
    public TemplateInstaller(BulkTransport transport, StatusSink status) {
        this(transport, status, TemplateInstaller.class.getClassLoader(), DEFAULT_RESOURCE_ROOT);
    }

    /**
     * @param resourceRoot class-path folder holding the manifest, e.g. {@value #DEFAULT_RESOURCE_ROOT}
     */
    public TemplateInstaller(BulkTransport transport, StatusSink status, ClassLoader loader, String resourceRoot) {
        this.transport = transport;
        this.status = status;
        this.loader = loader;
        this.root = resourceRoot.endsWith("/") ? resourceRoot : resourceRoot + "/";
    }

    /**
     * As the appenders install at start: with the default parameters, only what is missing or older. Never throws.
     */
    public Result install() {
        return run(AssetParameters.defaults(), false, false);
    }

    /**
     * As the setup command installs: with {@code parameters}; a template of the same version installed with other
     * parameters is replaced too. Never throws.
     *
     * @param dryRun only read the cluster: the results say what would happen
     */
    public Result install(AssetParameters parameters, boolean dryRun) {
        return run(parameters, true, dryRun);
    }

    private Result run(AssetParameters parameters, boolean replaceOtherParameters, boolean dryRun) {
        List<AssetResult> results = new ArrayList<>();
        AssetManifest manifest;
        try {
            manifest = AssetManifest.load(loader, root);
        } catch (IOException | RuntimeException e) {
            results.add(failed("manifest", root + MANIFEST, -1, "cannot read the template manifest: " + e));
            return new Result(results);
        }
        Map<String, Object> values = parameters.placeholderValues();
        String unreachable = null;
        String[] refused = new String[1];
        for (AssetManifest.Asset asset : manifest.assets()) {
            String kind = asset.kind();
            String name = asset.name();
            if (!kind.equals(AssetManifest.COMPONENT_TEMPLATE) && !kind.equals(AssetManifest.INDEX_TEMPLATE)) {
                continue;
            }
            if (unreachable != null || refused[0] != null) {
                // One connection failure is enough: do not wait for a timeout per asset. One refusal is enough too:
                // the same user will be refused the next template.
                results.add(new AssetResult(
                        kind, name, Action.FAILED, -1, -1, unreachable != null ? unreachable : refused[0]));
                continue;
            }
            try {
                byte[] file;
                try {
                    file = manifest.body(asset, values).getBytes(StandardCharsets.UTF_8);
                } catch (IOException | IllegalArgumentException e) {
                    results.add(failed(kind, name, -1, e.getMessage()));
                    continue;
                }
                results.add(installOne(kind, name, root + asset.path(), file, replaceOtherParameters, dryRun, refused));
            } catch (IOException e) {
                unreachable = UNREACHABLE + ": " + brief(e);
                results.add(failed(kind, name, -1, unreachable));
            } catch (RuntimeException e) {
                results.add(failed(kind, name, -1, brief(e)));
            }
        }
        return new Result(results);
    }

    /**
     * @param refused set to the reason when the cluster refuses this user a request (401 or 403)
     */
    private AssetResult installOne(
            String kind,
            String name,
            String resource,
            byte[] file,
            boolean replaceOtherParameters,
            boolean dryRun,
            String[] refused)
            throws IOException {
        Map<String, String> fileMeta;
        try {
            fileMeta = meta(new JsonReader(file));
        } catch (MalformedJsonException e) {
            return failed(kind, name, -1, resource + " is not valid JSON: " + e.getMessage());
        }
        long version = version(fileMeta);
        if (version < 0) {
            return failed(kind, name, -1, resource + " has no \"_meta\":{\"version\":N}");
        }

        String url = "/_" + kind + "/" + name;
        HttpResult existing = transport.send("GET", url);
        Map<String, String> clusterMeta;
        if (existing.status() == 404) {
            clusterMeta = null;
        } else if (existing.isSuccess()) {
            try {
                clusterMeta = clusterMeta(existing.body(), kind);
            } catch (MalformedJsonException e) {
                return failed(kind, name, version, "GET " + url + " answered unreadable JSON: " + e.getMessage());
            }
        } else if (isRefusal(existing)) {
            return refused(kind, name, version, "GET " + url, existing, refused);
        } else {
            return failed(
                    kind,
                    name,
                    version,
                    "GET " + url + " answered " + existing.status() + ": " + existing.errorText(QUOTE_CHARS));
        }
        long clusterVersion = clusterMeta == null ? -1 : version(clusterMeta);

        Action action;
        if (clusterMeta == null) {
            action = Action.INSTALLED;
        } else if (clusterVersion > version) {
            status.info("OpenSearch has " + kind + " " + name + " version " + clusterVersion + ", newer than this"
                    + " application's version " + version + "; it was left alone");
            return new AssetResult(kind, name, Action.SKIPPED_NEWER, version, clusterVersion, null);
        } else if (clusterVersion == version) {
            if (!replaceOtherParameters || clusterMeta.equals(fileMeta)) {
                return new AssetResult(kind, name, Action.UNCHANGED, version, clusterVersion, null);
            }
            action = Action.UPDATED;
        } else {
            action = Action.UPGRADED;
        }
        if (dryRun) {
            return new AssetResult(kind, name, action, version, clusterVersion, null);
        }
        HttpResult put = transport.send("PUT", url, file, 0, file.length, JSON);
        if (isRefusal(put)) {
            return refused(kind, name, version, "PUT " + url, put, refused);
        }
        if (!put.isSuccess()) {
            return failed(
                    kind,
                    name,
                    version,
                    "PUT " + url + " answered " + put.status() + ": " + put.errorText(QUOTE_CHARS));
        }
        switch (action) {
            case INSTALLED -> status.info("Installed " + kind + " " + name + " version " + version);
            case UPDATED ->
                status.info("Updated " + kind + " " + name + " version " + version + " with other install parameters");
            default ->
                status.info("Upgraded " + kind + " " + name + " from version "
                        + (clusterVersion < 0 ? "(none)" : clusterVersion) + " to " + version);
        }
        return new AssetResult(kind, name, action, version, clusterVersion, null);
    }

    private static boolean isRefusal(HttpResult r) {
        return r.status() == 401 || r.status() == 403;
    }

    /**
     * The one warning a user without the right to manage templates gets: what was refused, and what to do. The
     * appender ships regardless; the data stream then uses whatever template the cluster has.
     */
    private AssetResult refused(
            String kind, String name, long version, String request, HttpResult answer, String[] refused) {
        String message = request + " answered " + answer.status() + ": " + answer.errorText(QUOTE_CHARS);
        refused[0] = "not tried after " + kind + " " + name + " was refused (" + message + ")";
        status.warn(
                "The call-log templates could not be checked or installed: " + message + ". This user may not manage"
                        + " index templates, which is the job of 'calllog setup', run once by a user who may (or set"
                        + " installTemplates to false). Events are shipped meanwhile.",
                null);
        return new AssetResult(kind, name, Action.FAILED, version, -1, message);
    }

    private AssetResult failed(String kind, String name, long version, String message) {
        status.warn("Could not install " + kind + " " + name + ": " + message);
        return new AssetResult(kind, name, Action.FAILED, version, -1, message);
    }

    /**
     * The {@code _meta} of the template in a GET answer: {@code {"component_templates":[{"name":..,
     * "component_template":{.., "_meta":{..}}}]}}, likewise for index templates; empty when it has none.
     */
    private static Map<String, String> clusterMeta(byte[] body, String kind) {
        JsonReader r = new JsonReader(body);
        Map<String, String> meta = Map.of();
        r.beginObject();
        while (r.hasNext()) {
            if (!r.nextName().equals(kind + "s")) {
                r.skipValue();
                continue;
            }
            r.beginArray();
            while (r.hasNext()) {
                r.beginObject();
                while (r.hasNext()) {
                    if (r.nextName().equals(kind) && r.peek() == Token.BEGIN_OBJECT) {
                        meta = meta(r);
                    } else {
                        r.skipValue();
                    }
                }
                r.endObject();
            }
            r.endArray();
        }
        r.endObject();
        return meta;
    }

    /**
     * Reads an object and returns its top-level {@code _meta}, flattened: nested keys joined with dots, every scalar
     * as its JSON text (so that a number and a string with the same digits differ), arrays as {@code [...]} text.
     */
    private static Map<String, String> meta(JsonReader r) {
        Map<String, String> meta = new TreeMap<>();
        r.beginObject();
        while (r.hasNext()) {
            if (r.nextName().equals("_meta") && r.peek() == Token.BEGIN_OBJECT) {
                flatten(r, "", meta);
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return meta;
    }

    private static void flatten(JsonReader r, String prefix, Map<String, String> into) {
        r.beginObject();
        while (r.hasNext()) {
            String key = prefix + r.nextName();
            switch (r.peek()) {
                case BEGIN_OBJECT -> flatten(r, key + ".", into);
                case STRING -> into.put(key, '"' + r.nextString() + '"');
                case NUMBER -> into.put(key, r.nextNumberText());
                case BOOLEAN -> into.put(key, String.valueOf(r.nextBoolean()));
                case NULL -> {
                    r.nextNull();
                    into.put(key, "null");
                }
                default -> {
                    r.skipValue();
                    into.put(key, "[...]");
                }
            }
        }
        r.endObject();
    }

    /** {@code _meta.version} when it is a whole number, else -1. */
    private static long version(Map<String, String> meta) {
        String v = meta.get("version");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String brief(Throwable t) {
        String m = t.getMessage();
        if (m != null && m.indexOf('\n') >= 0) {
            m = m.substring(0, m.indexOf('\n'));
        }
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.length() <= QUOTE_CHARS ? s : s.substring(0, QUOTE_CHARS) + "...";
    }
}
