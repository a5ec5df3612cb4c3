package dev.calllog.cli;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.transport.OpenSearchHttpTransport;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connection options every command that talks to OpenSearch shares; the same settings, defaults and
 * environment variables as the appenders'.
 *
 * <pre>
 *   --url URL             repeatable; default $OPENSEARCH_URL or http://localhost:9200 (comma-separated allowed)
 *   --user NAME           default $OPENSEARCH_USERNAME
 *   --password SECRET     default $OPENSEARCH_PASSWORD (prefer the variable: arguments show in process lists)
 *   --trust-store PATH    PKCS12 or JKS file with the CA that signed the cluster's certificate
 *   --trust-store-password SECRET   default $OPENSEARCH_TRUST_STORE_PASSWORD
 *   --data-stream NAME    default calllog-events
 * </pre>
 */
public final class Connection {

    /** Options that take a value. */
    public static final Set<String> OPTIONS =
            Set.of("url", "user", "password", "trust-store", "trust-store-password", "data-stream");

    /** Usage lines for the options above. */
    public static final String USAGE = """
              --url URL                 OpenSearch URL, repeatable (default: $OPENSEARCH_URL or http://localhost:9200)
              --user NAME               basic-auth user (default: $OPENSEARCH_USERNAME)
              --password SECRET         basic-auth password (default: $OPENSEARCH_PASSWORD)
              --trust-store PATH        trust store (PKCS12/JKS) for TLS
              --trust-store-password S  its password (default: $OPENSEARCH_TRUST_STORE_PASSWORD)
              --data-stream NAME        data stream (default: calllog-events)
            """;

    private Connection() {}

    /** Builds and validates the configuration the options describe; invalid settings are usage errors. */
    public static CallLogConfig config(Options options, Map<String, String> env) {
        CallLogConfig config = new CallLogConfig();
        List<String> urls = options.all("url");
        if (urls.isEmpty()) {
            String fromEnv = env.get("OPENSEARCH_URL");
            urls = List.of(fromEnv == null || fromEnv.isBlank() ? CallLogConfig.DEFAULT_URL : fromEnv);
        }
        for (String url : urls) {
            config.addUrl(url);
        }
        config.setUsername(options.get("user", env.get("OPENSEARCH_USERNAME")));
        config.setPassword(options.get("password", env.get("OPENSEARCH_PASSWORD")));
        config.setTrustStore(options.get("trust-store", null));
        config.setTrustStorePassword(options.get("trust-store-password", env.get("OPENSEARCH_TRUST_STORE_PASSWORD")));
        config.setDataStream(options.get("data-stream", CallLogConfig.DEFAULT_DATA_STREAM));
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("; ", problems));
        }
        return config;
    }

    /** Opens a transport for {@code config}. */
    public static OpenSearchHttpTransport open(CallLogConfig config) throws IOException {
        try {
            return OpenSearchHttpTransport.create(config);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
