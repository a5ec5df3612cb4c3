package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.CallLogConfig;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * The proxy of a connection: by default the JVM's {@link ProxySelector} (its {@code http.proxyHost},
 * {@code https.proxyHost}, {@code http.nonProxyHosts} system properties, or the system's settings with
 * {@code java.net.useSystemProxies}); {@code proxy} names one ({@code http://host:port}), or {@code direct} for none.
 * Proxy credentials ({@code proxyUsername}, {@code proxyPassword}) travel as a {@code Proxy-Authorization} header
 * ({@link ConnectionHeaders}).
 */
final class ProxySettings {
    /** The {@code proxy} value that means: no proxy, whatever the JVM's settings. */
    static final String DIRECT = "direct";

    private ProxySettings() {}

    static void apply(CallLogConfig config, HttpClient.Builder builder) {
        String proxy = config.proxy();
        if (proxy == null) {
            ProxySelector jvm = ProxySelector.getDefault();
            if (jvm != null) {
                builder.proxy(jvm);
            }
            return;
        }
        if (proxy.equalsIgnoreCase(DIRECT)) {
            builder.proxy(HttpClient.Builder.NO_PROXY);
            return;
        }
        URI uri = URI.create(proxy);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        builder.proxy(ProxySelector.of(new InetSocketAddress(uri.getHost(), port)));
    }
}
