package dev.calllog.core.internal.setup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The list of the project's OpenSearch assets: {@value #FILE} in a class-path folder, one asset a line,
 * {@code <kind> <name> <path>}, the path relative to that folder; {@code #} starts a comment. Assets are installed in
 * file order (component templates before the index template that uses them).
 *
 * <p>Kinds: {@code component_template} and {@code index_template}, installed by {@link TemplateInstaller} (the
 * appenders and the setup command); {@code ism_policy}, {@code monitor} and {@code security_role}, which need
 * OpenSearch plugins and are installed by the setup command only.
 */
public final class AssetManifest {
    /** Where the project's assets live on the class path. */
    public static final String DEFAULT_ROOT = "dev/calllog/templates/";

    public static final String FILE = "manifest.txt";

    public static final String COMPONENT_TEMPLATE = "component_template";
    public static final String INDEX_TEMPLATE = "index_template";
    public static final String ISM_POLICY = "ism_policy";
    public static final String MONITOR = "monitor";
    public static final String SECURITY_ROLE = "security_role";

    private static final Set<String> KINDS =
            Set.of(COMPONENT_TEMPLATE, INDEX_TEMPLATE, ISM_POLICY, MONITOR, SECURITY_ROLE);

    /**
     * One asset.
     *
     * @param kind what it is, one of the kinds above
     * @param name its name on the cluster (for a monitor, the monitor's {@code name})
     * @param path the file, relative to the manifest's folder
     */
    public record Asset(String kind, String name, String path) {}

    private final ClassLoader loader;
    private final String root;
    private final List<Asset> assets;

    private AssetManifest(ClassLoader loader, String root, List<Asset> assets) {
        this.loader = loader;
        this.root = root;
        this.assets = List.copyOf(assets);
    }

    /** The project's manifest ({@value #DEFAULT_ROOT}). */
    public static AssetManifest load() throws IOException {
        return load(AssetManifest.class.getClassLoader(), DEFAULT_ROOT);
    }

    /**
     * Reads the manifest under {@code root}.
     *
     * @throws IOException when it is missing or a line is not {@code <kind> <name> <path>} of a known kind
     */
    public static AssetManifest load(ClassLoader loader, String root) throws IOException {
        String folder = root.endsWith("/") ? root : root + "/";
        InputStream in = loader.getResourceAsStream(folder + FILE);
        if (in == null) {
            throw new IOException(folder + FILE + " is not on the class path");
        }
        List<Asset> assets = new ArrayList<>();
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
                if (parts.length != 3 || !KINDS.contains(parts[0])) {
                    throw new IOException(
                            folder + FILE + " line " + n + " is not '<kind> <name> <path>' with a kind" + " among "
                                    + String.join(", ", KINDS.stream().sorted().toList()) + ": " + text);
                }
                assets.add(new Asset(parts[0], parts[1], parts[2]));
            }
        }
        return new AssetManifest(loader, folder, assets);
    }

    /** Every asset, in manifest order. */
    public List<Asset> assets() {
        return assets;
    }

    /** The assets of one kind, in manifest order. */
    public List<Asset> assets(String kind) {
        return assets.stream().filter(a -> a.kind().equals(kind)).toList();
    }

    /** Where the manifest was read from, ending with {@code /}. */
    public String root() {
        return root;
    }

    /**
     * The asset's file with the placeholders filled in.
     *
     * @throws IOException when the file is missing
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public String body(Asset asset, Map<String, ?> placeholderValues) throws IOException {
        try (InputStream in = loader.getResourceAsStream(root + asset.path())) {
            if (in == null) {
                throw new IOException(root + asset.path() + " is not on the class path");
            }
            return Placeholders.apply(new String(in.readAllBytes(), StandardCharsets.UTF_8), placeholderValues);
        }
    }
}
