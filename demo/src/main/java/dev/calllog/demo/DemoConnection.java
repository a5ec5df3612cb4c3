package dev.calllog.demo;

import dev.calllog.cli.Connection;
import dev.calllog.cli.Options;
import dev.calllog.core.internal.config.CallLogConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's connection: the {@code calllog} tool's settings, read from the same environment variables
 * ({@code OPENSEARCH_USERNAME}, {@code OPENSEARCH_PASSWORD}, {@code OPENSEARCH_CA_FILE}, {@code OPENSEARCH_TRUST_STORE},
 * {@code OPENSEARCH_TRUST_STORE_PASSWORD}), so that the appender writes with the trust and credentials the terminal view
 * reads with. The appender's configuration files take the resolved trust store from system properties
 * ({@code calllog.trustStore}, {@code calllog.trustStoreType}, {@code calllog.trustStorePassword}); a PEM CA file is
 * given to the appender as a store of this run.
 */
final class DemoConnection {
    private DemoConnection() {}

    /**
     * Resolves the settings for {@code url} and hands the trust to the appender's configuration.
     *
     * @throws dev.calllog.cli.UsageException when a setting cannot be used, with a message naming it
     */
    static CallLogConfig resolve(String url, Map<String, String> env) {
        CallLogConfig config =
                Connection.config(Options.parse(List.of("--url", url), Connection.OPTIONS, Set.of()), env);
        set("calllog.trustStore", config.trustStore());
        set("calllog.trustStoreType", config.trustStoreType());
        set("calllog.trustStorePassword", config.trustStorePassword());
        return config;
    }

    private static void set(String property, String value) {
        System.setProperty(property, value == null ? "" : value);
    }
}
