package dev.calllog.core.setup;

import dev.calllog.core.json.JsonReader;
import dev.calllog.core.json.JsonReader.MalformedJsonException;
import dev.calllog.core.json.JsonReader.Token;
import dev.calllog.core.status.StatusSink;
import dev.calllog.core.transport.BulkTransport;
import dev.calllog.core.transport.HttpResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Installs the component and index templates listed in a manifest on the class path, each only when it is missing or
 * older than the file: idempotent, and safe when several applications start at once.
 *
 * <p>The manifest ({@value #MANIFEST} under the resource root) has one asset per line, {@code <kind> <name> <path>},
 * where kind is {@code component_template} or {@code index_template} and the path is relative to the root; {@code #}
 * starts a comment. Assets are installed in manifest order (component templates before the index templates that use
 * them). Each asset file carries {@code "_meta":{"version":N,"managed_by":"calllog"}} at its top level; the installer
 * compares that version with the one on the cluster and PUTs the file when the cluster's is missing or older. A newer
 * one is left alone: another, newer application manages it.
 *
 * <p>Never throws: each outcome is reported through the status sink (installations and upgrades at info, problems as
 * warnings) and returned.
 */
public final class TemplateInstaller {
    /** Where the project's templates live on the class path. */
    public static final String DEFAULT_RESOURCE_ROOT = "dev/calllog/templates/";

    public static final String MANIFEST = "manifest.txt";

    private static final int QUOTE_CHARS = 200;
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    /** What happened to one asset. */
    public enum Action {
        /** It was missing and was installed. */
        INSTALLED,
        /** An older version was replaced. */
        UPGRADED,
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
    }

    private final BulkTransport transport;
    private final StatusSink status;
    private final ClassLoader loader;
    private final String root;

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

    /** Checks and installs every asset of the manifest. Never throws. */
    public Result install() {
        List<AssetResult> results = new ArrayList<>();
        List<String[]> assets;
        try {
            assets = readManifest();
        } catch (IOException | RuntimeException e) {
            results.add(failed("manifest", root + MANIFEST, -1, "cannot read the template manifest: " + e));
            return new Result(results);
        }
        String unreachable = null;
        for (String[] asset : assets) {
            String kind = asset[0];
            String name = asset[1];
            if (unreachable != null) {
                // One connection failure is enough: do not wait for a timeout per asset.
                results.add(new AssetResult(kind, name, Action.FAILED, -1, -1, unreachable));
                continue;
            }
            try {
                results.add(installOne(kind, name, asset[2]));
            } catch (IOException e) {
                unreachable = "OpenSearch could not be reached: " + brief(e);
                results.add(failed(kind, name, -1, unreachable));
            } catch (RuntimeException e) {
                results.add(failed(kind, name, -1, brief(e)));
            }
        }
        return new Result(results);
    }

    private List<String[]> readManifest() throws IOException {
        InputStream in = loader.getResourceAsStream(root + MANIFEST);
        if (in == null) {
            throw new IOException(root + MANIFEST + " is not on the class path");
        }
        List<String[]> assets = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf('#');
                String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] parts = text.split("\\s+");
                if (parts.length != 3 || !parts[0].equals("component_template") && !parts[0].equals("index_template")) {
                    throw new IOException(root + MANIFEST + " line " + n
                            + " is not '<component_template|index_template> <name>" + " <path>': " + text);
                }
                assets.add(parts);
            }
        }
        return assets;
    }

    private AssetResult installOne(String kind, String name, String path) throws IOException {
        byte[] file;
        try (InputStream in = loader.getResourceAsStream(root + path)) {
            if (in == null) {
                return failed(kind, name, -1, root + path + " is not on the class path");
            }
            file = in.readAllBytes();
        }
        long version;
        try {
            JsonReader r = new JsonReader(file);
            version = metaVersion(r);
        } catch (MalformedJsonException e) {
            return failed(kind, name, -1, root + path + " is not valid JSON: " + e.getMessage());
        }
        if (version < 0) {
            return failed(kind, name, -1, root + path + " has no \"_meta\":{\"version\":N}");
        }

        String url = "/_" + kind + "/" + name;
        HttpResult existing = transport.send("GET", url);
        long clusterVersion;
        if (existing.status() == 404) {
            clusterVersion = -1;
        } else if (existing.isSuccess()) {
            try {
                clusterVersion = clusterVersion(existing.body(), kind);
            } catch (MalformedJsonException e) {
                return failed(kind, name, version, "GET " + url + " answered unreadable JSON: " + e.getMessage());
            }
        } else {
            return failed(
                    kind,
                    name,
                    version,
                    "GET " + url + " answered " + existing.status() + ": " + existing.errorText(QUOTE_CHARS));
        }

        if (existing.status() != 404 && clusterVersion == version) {
            return new AssetResult(kind, name, Action.UNCHANGED, version, clusterVersion, null);
        }
        if (clusterVersion > version) {
            status.info("OpenSearch has " + kind + " " + name + " version " + clusterVersion + ", newer than this"
                    + " application's version " + version + "; it was left alone");
            return new AssetResult(kind, name, Action.SKIPPED_NEWER, version, clusterVersion, null);
        }
        HttpResult put = transport.send("PUT", url, file, 0, file.length, JSON);
        if (!put.isSuccess()) {
            return failed(
                    kind,
                    name,
                    version,
                    "PUT " + url + " answered " + put.status() + ": " + put.errorText(QUOTE_CHARS));
        }
        if (existing.status() == 404) {
            status.info("Installed " + kind + " " + name + " version " + version);
            return new AssetResult(kind, name, Action.INSTALLED, version, -1, null);
        }
        status.info("Upgraded " + kind + " " + name + " from version "
                + (clusterVersion < 0 ? "(none)" : clusterVersion) + " to " + version);
        return new AssetResult(kind, name, Action.UPGRADED, version, clusterVersion, null);
    }

    private AssetResult failed(String kind, String name, long version, String message) {
        status.warn("Could not install " + kind + " " + name + ": " + message);
        return new AssetResult(kind, name, Action.FAILED, version, -1, message);
    }

    /**
     * The version in a GET answer: {@code {"component_templates":[{"name":..,"component_template":{.., "_meta":{..}}}]}},
     * likewise for index templates; -1 when the template has none.
     */
    private static long clusterVersion(byte[] body, String kind) {
        JsonReader r = new JsonReader(body);
        long version = -1;
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
                        version = metaVersion(r);
                    } else {
                        r.skipValue();
                    }
                }
                r.endObject();
            }
            r.endArray();
        }
        r.endObject();
        return version;
    }

    /** Reads an object and returns its top-level {@code _meta.version}, or -1. */
    private static long metaVersion(JsonReader r) {
        long version = -1;
        r.beginObject();
        while (r.hasNext()) {
            if (!r.nextName().equals("_meta") || r.peek() != Token.BEGIN_OBJECT) {
                r.skipValue();
                continue;
            }
            r.beginObject();
            while (r.hasNext()) {
                if (r.nextName().equals("version") && r.peek() == Token.NUMBER) {
                    version = r.nextLong();
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
        }
        r.endObject();
        return version;
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
