package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.ConnectionChecks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code url} settings, read as the nodes {@link NodePool} sends to. */
final class NodeUrls {
    private NodeUrls() {}

    /** The base URI of each node: scheme, host, port (unless the scheme's default) and the URLs' common path. */
    static List<URI> bases(List<String> urls) {
        List<URI> out = new ArrayList<>();
        String prefix = null;
        for (String url : urls) {
            // Messages show the URL without its user-info: it may hold a password.
            String shown = ConnectionChecks.withoutUserInfo(url);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + shown + "' is not a valid URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + shown + "' is not an http:// or https:// URL");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
            if (prefix == null) {
                prefix = path;
            } else if (!prefix.equals(path)) {
                throw new IllegalArgumentException("every <url> must have the same path, but '"
                        + ConnectionChecks.withoutUserInfo(urls.get(0)) + "' and '" + shown + "' differ");
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
            String host = uri.getHost();
            out.add(URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + port) + path));
        }
        return out;
    }
}
