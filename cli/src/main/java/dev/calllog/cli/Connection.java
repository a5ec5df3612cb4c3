package dev.calllog.cli;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
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
 *   --ca-file PATH        PEM file of the CA that signed the cluster's certificate; default $OPENSEARCH_CA_FILE
 *   --trust-store PATH    PKCS12, JKS or PEM file with that CA; default $OPENSEARCH_TRUST_STORE
 *   --trust-store-password SECRET   default $OPENSEARCH_TRUST_STORE_PASSWORD; empty for none
 *   --data-stream NAME    default calllog-events
 * </pre>
 */
public final class Connection {

    /** Options that take a value. */
    public static final Set<String> OPTIONS =
            Set.of("url", "user", "password", "ca-file", "trust-store", "trust-store-password", "data-stream");

    /** Usage lines for the options above. */
    public static final String USAGE = """
              --url URL                 OpenSearch URL, repeatable (default: $OPENSEARCH_URL or http://localhost:9200)
              --user NAME               basic-auth user (default: $OPENSEARCH_USERNAME)
              --password SECRET         basic-auth password (default: $OPENSEARCH_PASSWORD)
              --ca-file PATH            PEM file of the cluster's CA, for TLS (default: $OPENSEARCH_CA_FILE)
              --trust-store PATH        or a trust store (PKCS12, JKS or PEM) (default: $OPENSEARCH_TRUST_STORE)
              --trust-store-password S  its password; a keytool PKCS12 store needs it
                                        (default: $OPENSEARCH_TRUST_STORE_PASSWORD; empty: none)
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
        TrustSettings.apply(
                config,
                blankToNull(options.get("trust-store", env.get("OPENSEARCH_TRUST_STORE"))),
                options.get("trust-store-password", env.get("OPENSEARCH_TRUST_STORE_PASSWORD")),
                blankToNull(options.get("ca-file", env.get("OPENSEARCH_CA_FILE"))));
        config.setDataStream(options.get("data-stream", CallLogConfig.DEFAULT_DATA_STREAM));
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("; ", problems));
        }
        return config;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
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
