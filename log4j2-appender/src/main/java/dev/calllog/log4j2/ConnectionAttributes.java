package dev.calllog.log4j2;

import dev.calllog.core.internal.config.CallLogConfig;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;

/**
 * The attributes of {@code <CallLog>} that say how to reach the cluster beyond its URL and basic auth: API key, bearer
 * token, secrets in files, TLS (PEM CA file, client certificates), proxy and AWS request signing. Each is the
 * {@link CallLogConfig} setting of the same name, with the same default (none), applied through its declaration in
 * {@link dev.calllog.core.internal.config.Settings} like every other attribute. Headers every request carries are
 * nested {@code <Property name="X-Tenant" value="..."/>} elements, as for Log4j's own HTTP appender.
 */
abstract class ConnectionAttributes<B extends ConnectionAttributes<B>> extends AbstractAppender.Builder<B> {

    /** File holding the basic-auth password. */
    @PluginBuilderAttribute
    private String passwordFile;

    /** API key, sent as {@code Authorization: ApiKey}. */
    @PluginBuilderAttribute(sensitive = true)
    private String apiKey;

    /** File holding the API key. */
    @PluginBuilderAttribute
    private String apiKeyFile;

    /** Bearer token, sent as {@code Authorization: Bearer}. */
    @PluginBuilderAttribute(sensitive = true)
    private String bearerToken;

    /** File holding the bearer token. */
    @PluginBuilderAttribute
    private String bearerTokenFile;

    /** PEM file of the CA certificates to trust. */
    @PluginBuilderAttribute
    private String caFile;

    /** Key store (PKCS12 or JKS) with the client certificate and key, for mutual TLS. */
    @PluginBuilderAttribute
    private String keyStore;

    /** Password of the key store. */
    @PluginBuilderAttribute(sensitive = true)
    private String keyStorePassword;

    /** Type of the key store; read from the file when not set. */
    @PluginBuilderAttribute
    private String keyStoreType;

    /** PEM file of the client certificate, for mutual TLS. */
    @PluginBuilderAttribute
    private String clientCertFile;

    /** PEM file of the client certificate's PKCS#8 key. */
    @PluginBuilderAttribute
    private String clientKeyFile;

    /** Password of an encrypted client key. */
    @PluginBuilderAttribute(sensitive = true)
    private String clientKeyPassword;

    /** HTTP proxy ({@code http://host:port}) or {@code direct}; the JVM's proxy settings when not set. */
    @PluginBuilderAttribute
    private String proxy;

    /** User name for the proxy. */
    @PluginBuilderAttribute
    private String proxyUsername;

    /** Password for the proxy. */
    @PluginBuilderAttribute(sensitive = true)
    private String proxyPassword;

    /** AWS region: signs requests with SigV4 (needs calllog-aws). */
    @PluginBuilderAttribute
    private String awsRegion;

    /** AWS service signed for: {@code es} or {@code aoss}. */
    @PluginBuilderAttribute
    private String awsService;

    /** Adds the nested {@code Property} elements to {@code c}, as headers. */
    void applyHeaders(CallLogConfig c) {
        Property[] properties = getPropertyArray();
        if (properties != null) {
            for (Property p : properties) {
                if (p != null && p.getName() != null) {
                    c.addHeader(p.getName() + ": " + (p.getValue() == null ? "" : p.getValue()));
                }
            }
        }
    }

    public B setPasswordFile(String v) {
        this.passwordFile = v;
        return asBuilder();
    }

    public B setApiKey(String v) {
        this.apiKey = v;
        return asBuilder();
    }

    public B setApiKeyFile(String v) {
        this.apiKeyFile = v;
        return asBuilder();
    }

    public B setBearerToken(String v) {
        this.bearerToken = v;
        return asBuilder();
    }

    public B setBearerTokenFile(String v) {
        this.bearerTokenFile = v;
        return asBuilder();
    }

    public B setCaFile(String v) {
        this.caFile = v;
        return asBuilder();
    }

    public B setKeyStore(String v) {
        this.keyStore = v;
        return asBuilder();
    }

    public B setKeyStorePassword(String v) {
        this.keyStorePassword = v;
        return asBuilder();
    }

    public B setKeyStoreType(String v) {
        this.keyStoreType = v;
        return asBuilder();
    }

    public B setClientCertFile(String v) {
        this.clientCertFile = v;
        return asBuilder();
    }

    public B setClientKeyFile(String v) {
        this.clientKeyFile = v;
        return asBuilder();
    }

    public B setClientKeyPassword(String v) {
        this.clientKeyPassword = v;
        return asBuilder();
    }

    public B setProxy(String v) {
        this.proxy = v;
        return asBuilder();
    }

    public B setProxyUsername(String v) {
        this.proxyUsername = v;
        return asBuilder();
    }

    public B setProxyPassword(String v) {
        this.proxyPassword = v;
        return asBuilder();
    }

    public B setAwsRegion(String v) {
        this.awsRegion = v;
        return asBuilder();
    }

    public B setAwsService(String v) {
        this.awsService = v;
        return asBuilder();
    }
}
