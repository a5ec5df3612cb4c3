package dev.calllog.core.internal.config;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every setting of a call-log appender, with its default. The Logback appender and the Log4j 2 plugin expose the same
 * names (as XML elements and attributes) and delegate here, so both frameworks validate and behave alike.
 *
 * <p>Mutable while the appender is configured; {@link #validate()} is called once at start, after which the core only
 * reads it.
 */
public final class CallLogConfig {

    /** Default node URL, used when neither {@code url} nor the {@code OPENSEARCH_URL} environment variable is set. */
    public static final String DEFAULT_URL = "http://localhost:9200";
    /** Default AWS service requests are signed for: OpenSearch Service domains. */
    public static final String DEFAULT_AWS_SERVICE = "es";
    /** Default data stream the events are written to. */
    public static final String DEFAULT_DATA_STREAM = "calllog-events";
    /** Default lowest level shipped: TRACE and DEBUG events are not shipped. */
    public static final Level DEFAULT_MIN_LEVEL = Level.INFO;

    public static final String DEFAULT_CALL_ID_KEY = "call_id";
    public static final String DEFAULT_AGENT_ID_KEY = "agent_id";
    public static final String DEFAULT_ACCOUNT_ID_KEY = "account_id";
    public static final String DEFAULT_TRACE_ID_KEY = "trace_id";
    public static final String DEFAULT_TURN_ID_KEY = "turn_id";
    /** Default type of the trust store. */
    public static final String DEFAULT_TRUST_STORE_TYPE = "PKCS12";
    /** Default: messages, error messages and the strings in {@code data} are redacted. */
    public static final boolean DEFAULT_REDACT = true;
    /** Default: lost events are also summed up on standard error when the status channel would not show them. */
    public static final boolean DEFAULT_LOSSES_TO_CONSOLE = true;
    /** Default (Log4j only): the key-values of fluent SLF4J calls through {@code log4j-slf4j2-impl} are shipped. */
    public static final boolean DEFAULT_SLF4J_KEY_VALUES = true;

    /** Default host-name patterns treated as internal and redacted from messages. */
    public static final String DEFAULT_INTERNAL_HOST_PATTERNS =
            "localhost,*.internal,*.local,*.localdomain,*.lan,*.corp,*.intranet,*.svc,*.cluster.local";
    /**
     * Default measure keys: the top-level {@code data} keys whose numeric values are also written to
     * {@code measures}, where they can be aggregated.
     */
    public static final String DEFAULT_MEASURE_KEYS =
            "latency_ms,duration_ms,duration_s,http_status,attempt,attempts,spoken_ms,silence_ms,ring_ms,turn";
    /**
     * Default label keys: the top-level {@code data} keys whose string, boolean and whole-number values are also written
     * to {@code labels}, where they can be aggregated (the names the catalogue's tool, integration, webhook, transfer,
     * path and lifecycle events carry).
     */
    public static final String DEFAULT_LABEL_KEYS = "tool,integration,webhook,destination,node,reason";
    /** Default longest message kept, in characters; longer ones are truncated and counted. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 16 * 1024;

    /** Smallest default memory bound of the buffer: 64 MiB. */
    public static final long MIN_DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
    /** Largest default memory bound of the buffer: 1 GiB. */
    public static final long MAX_DEFAULT_BUFFER_BYTES = 1024L * 1024 * 1024;
    /**
     * Default memory bound of the in-memory buffer, in bytes (estimated size of the buffered events): a quarter of this
     * JVM's maximum heap, at least 64 MiB and at most 1 GiB (see {@link #defaultBufferBytes(long)}).
     */
    public static final long DEFAULT_BUFFER_BYTES =
            defaultBufferBytes(Runtime.getRuntime().maxMemory());
    /** Default largest number of events in one {@code _bulk} request. */
    public static final int DEFAULT_BATCH_MAX_EVENTS = 5_000;
    /** Default largest uncompressed body of one {@code _bulk} request, in bytes. */
    public static final int DEFAULT_BATCH_MAX_BYTES = 5 * 1024 * 1024;
    /** Default longest time an event waits for its batch to fill, in milliseconds. */
    public static final long DEFAULT_LINGER_MILLIS = 200;
    /** Default: request bodies are gzip-compressed. */
    public static final boolean DEFAULT_GZIP = true;

    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
    /** Default number of retries of an item the node answered 429 or 5xx for. */
    public static final int DEFAULT_MAX_RETRIES = 10;

    public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 100;
    public static final long DEFAULT_MAX_BACKOFF_MILLIS = 30_000;
    /**
     * Default longest time a batch is retried while the cluster is unreachable, in milliseconds (10 minutes). Keep it
     * short relative to the rollover period: a retried {@code create} lands in the current write index.
     */
    public static final long DEFAULT_RETRY_TIMEOUT_MILLIS = 10 * 60_000;
    /** Default longest time {@code stop()} waits to deliver what is buffered, in milliseconds. */
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 10_000;

    /** Default largest size of the dead-letter file, in bytes; past it, rejected documents are counted only. */
    public static final long DEFAULT_DEAD_LETTER_MAX_BYTES = 100L * 1024 * 1024;
    /** Default: the appender installs the index template when it is missing or older. */
    public static final boolean DEFAULT_INSTALL_TEMPLATES = true;

    // ---- reliability: disk spool, overflow, document size ----

    /** Default largest size of the spool directory's segments, in bytes (1 GiB). */
    public static final long DEFAULT_SPOOL_MAX_BYTES = 1024L * 1024 * 1024;
    /** Default: the spool is synced to disk after every batch written to it. */
    public static final long DEFAULT_SPOOL_FSYNC_MILLIS = 0;
    /** Default overflow policy: the new event is dropped. */
    public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DROP_NEWEST;
    /** Default longest wait of a logging call for room under the {@code block} policy, in milliseconds. */
    public static final long DEFAULT_BLOCK_TIMEOUT_MILLIS = 1_000;
    /** Default largest document, in bytes (1 MiB). */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 1024 * 1024;

    private final List<String> urls = new ArrayList<>();
    private String username;
    private String password;
    private String trustStore;
    private String trustStorePassword;
    private String trustStoreType = DEFAULT_TRUST_STORE_TYPE;
    private String passwordFile;
    private String apiKey;
    private String apiKeyFile;
    private String bearerToken;
    private String bearerTokenFile;
    private final List<String> headerSpecs = new ArrayList<>();
    private String caFile;
    private String keyStore;
    private String keyStorePassword;
    private String keyStoreType;
    private String clientCertFile;
    private String clientKeyFile;
    private String clientKeyPassword;
    private String proxy;
    private String proxyUsername;
    private String proxyPassword;
    private String awsRegion;
    private String awsService;
    private String dataStream = DEFAULT_DATA_STREAM;
    private boolean installTemplates = DEFAULT_INSTALL_TEMPLATES;
    private Level minLevel = DEFAULT_MIN_LEVEL;
    private String minLevelText;

    private String callIdKey = DEFAULT_CALL_ID_KEY;
    private String agentIdKey = DEFAULT_AGENT_ID_KEY;
    private String accountIdKey = DEFAULT_ACCOUNT_ID_KEY;
    private String traceIdKey = DEFAULT_TRACE_ID_KEY;
    private String turnIdKey = DEFAULT_TURN_ID_KEY;
    private final List<String> mdcDataKeys = new ArrayList<>();
    private final List<String> eventSpecs = new ArrayList<>();

    private boolean redact = DEFAULT_REDACT;
    private String internalHostPatterns = DEFAULT_INTERNAL_HOST_PATTERNS;
    private final List<String> redactPatterns = new ArrayList<>();
    private String redactPresets = "";
    private final List<String> redactKeys = new ArrayList<>();
    private String redactHashSecret;
    private boolean lossesToConsole = DEFAULT_LOSSES_TO_CONSOLE;
    private boolean slf4jKeyValues = DEFAULT_SLF4J_KEY_VALUES;
    // Values that could not be read as their setting's type (see Setting#apply), reported by validate().
    private final List<String> invalidValues = new ArrayList<>();
    // null until configured, when the defaults apply; blank items are kept so that validate() can name them.
    private List<String> measureKeys;
    // As measureKeys.
    private List<String> labelKeys;
    private int maxMessageChars = DEFAULT_MAX_MESSAGE_CHARS;

    private long bufferBytes = DEFAULT_BUFFER_BYTES;
    private int batchMaxEvents = DEFAULT_BATCH_MAX_EVENTS;
    private int batchMaxBytes = DEFAULT_BATCH_MAX_BYTES;
    private long lingerMillis = DEFAULT_LINGER_MILLIS;
    private boolean gzip = DEFAULT_GZIP;
    private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private long requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private long initialBackoffMillis = DEFAULT_INITIAL_BACKOFF_MILLIS;
    private long maxBackoffMillis = DEFAULT_MAX_BACKOFF_MILLIS;
    private long retryTimeoutMillis = DEFAULT_RETRY_TIMEOUT_MILLIS;
    private long shutdownTimeoutMillis = DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
    private String deadLetterFile;
    private long deadLetterMaxBytes = DEFAULT_DEAD_LETTER_MAX_BYTES;

    private String spoolDir;
    private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    private long spoolFsyncMillis = DEFAULT_SPOOL_FSYNC_MILLIS;
    private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;
    private String overflowPolicyText;
    private long blockTimeoutMillis = DEFAULT_BLOCK_TIMEOUT_MILLIS;
    private int maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;

    // ---- connection ----

    /**
     * Adds node URLs ({@code http://host:9200}); several may be given comma-separated or by repeating the setting.
     * Default: the {@code OPENSEARCH_URL} environment variable, else {@value #DEFAULT_URL}.
     */
    public void addUrl(String url) {
        if (url == null) {
            return;
        }
        for (String u : url.split(",")) {
            if (!u.isBlank()) {
                urls.add(u.trim());
            }
        }
    }

    /** The configured node URLs, or the default when none were configured. */
    public List<String> urls() {
        if (!urls.isEmpty()) {
            return List.copyOf(urls);
        }
        String env = System.getenv("OPENSEARCH_URL");
        List<String> out = new ArrayList<>();
        for (String u : (env != null && !env.isBlank() ? env : DEFAULT_URL).split(",")) {
            if (!u.isBlank()) {
                out.add(u.trim());
            }
        }
        return out;
    }

    /** Basic-auth user name. Default: none. */
    public void setUsername(String username) {
        this.username = blankToNull(username);
    }

    public String username() {
        return username;
    }

    /**
     * Basic-auth password. Default: none. An empty value counts as unset, so that {@code ${OPENSEARCH_PASSWORD:-}} in a
     * configuration file works when the variable is not set.
     */
    public void setPassword(String password) {
        this.password = password == null || password.isEmpty() ? null : password;
    }

    public String password() {
        return password;
    }

    /** Trust store (file path) for TLS to nodes with a private CA. Default: the JVM's trust store. */
    public void setTrustStore(String trustStore) {
        this.trustStore = blankToNull(trustStore);
    }

    public String trustStore() {
        return trustStore;
    }

    /**
     * Password of the trust store. Default: none. An empty value counts as none, so that
     * {@code ${OPENSEARCH_TRUST_STORE_PASSWORD:-}} works when the variable is not set.
     */
    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword =
                trustStorePassword == null || trustStorePassword.isEmpty() ? null : trustStorePassword;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    /**
     * Type of the trust store, {@code PKCS12} (default) or {@code JKS}; a PEM file of certificates is recognised
     * whatever the type.
     */
    public void setTrustStoreType(String trustStoreType) {
        this.trustStoreType =
                trustStoreType == null || trustStoreType.isBlank() ? DEFAULT_TRUST_STORE_TYPE : trustStoreType.trim();
    }

    public String trustStoreType() {
        return trustStoreType;
    }

    /**
     * File holding the basic-auth password (its content, trailing line breaks removed), read at start: for secrets
     * mounted as files (Kubernetes, Docker). Instead of {@code password}. Default: none.
     */
    public void setPasswordFile(String passwordFile) {
        this.passwordFile = blankToNull(passwordFile);
    }

    public String passwordFile() {
        return passwordFile;
    }

    /**
     * API key, sent as {@code Authorization: ApiKey <key>}: either as the service hands it out (base64), or written
     * {@code id:key}, which is encoded. Give it through an environment variable ({@code ${OPENSEARCH_API_KEY}}) or
     * {@code apiKeyFile}. Default: none. An empty value counts as none.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    }

    public String apiKey() {
        return apiKey;
    }

    /** File holding the API key, read at start. Instead of {@code apiKey}. Default: none. */
    public void setApiKeyFile(String apiKeyFile) {
        this.apiKeyFile = blankToNull(apiKeyFile);
    }

    public String apiKeyFile() {
        return apiKeyFile;
    }

    /**
     * Bearer token (OAuth 2 / OpenID Connect access token, JWT), sent as {@code Authorization: Bearer <token>}. Default:
     * none. An empty value counts as none.
     */
    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken == null || bearerToken.isBlank() ? null : bearerToken.trim();
    }

    public String bearerToken() {
        return bearerToken;
    }

    /** File holding the bearer token, read at start. Instead of {@code bearerToken}. Default: none. */
    public void setBearerTokenFile(String bearerTokenFile) {
        this.bearerTokenFile = blankToNull(bearerTokenFile);
    }

    public String bearerTokenFile() {
        return bearerTokenFile;
    }

    /**
     * Adds a header every request carries, written {@code Name: value}; repeatable. For gateways and proxies that want a
     * header of their own (a tenant, a routing key). Default: none.
     */
    public void addHeader(String header) {
        if (header != null && !header.isBlank()) {
            headerSpecs.add(header.trim());
        }
    }

    /** The {@code header} settings as given, {@code Name: value} each. */
    public List<String> headerSpecs() {
        return List.copyOf(headerSpecs);
    }

    /** The headers, parsed. Valid only after {@link #validate()}. */
    public List<HeaderSetting> headers() {
        List<HeaderSetting> out = new ArrayList<>();
        for (String spec : headerSpecs) {
            out.add(HeaderSetting.parse(spec));
        }
        return out;
    }

    /**
     * PEM file of the certificates to trust for TLS: the CA that signed the nodes' certificates (the Security plugin's
     * {@code root-ca.pem}). Replaces the JVM's trust. Default: none.
     */
    public void setCaFile(String caFile) {
        this.caFile = blankToNull(caFile);
    }

    public String caFile() {
        return caFile;
    }

    /**
     * Key store (PKCS12 or JKS) holding the client certificate and its key, for mutual TLS. Instead of
     * {@code clientCertFile} and {@code clientKeyFile}. Default: none.
     */
    public void setKeyStore(String keyStore) {
        this.keyStore = blankToNull(keyStore);
    }

    public String keyStore() {
        return keyStore;
    }

    /** Password of the key store (and of its key). Default: none. An empty value counts as none. */
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword == null || keyStorePassword.isEmpty() ? null : keyStorePassword;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    /** Type of the key store, {@code PKCS12} or {@code JKS}. Default: none, read from the file. */
    public void setKeyStoreType(String keyStoreType) {
        this.keyStoreType = blankToNull(keyStoreType);
    }

    public String keyStoreType() {
        return keyStoreType;
    }

    /** PEM file of the client certificate (and its chain), for mutual TLS. Default: none. */
    public void setClientCertFile(String clientCertFile) {
        this.clientCertFile = blankToNull(clientCertFile);
    }

    public String clientCertFile() {
        return clientCertFile;
    }

    /**
     * PEM file of the client certificate's private key, PKCS#8 ({@code BEGIN PRIVATE KEY}, or {@code BEGIN ENCRYPTED
     * PRIVATE KEY} with {@code clientKeyPassword}). Default: none.
     */
    public void setClientKeyFile(String clientKeyFile) {
        this.clientKeyFile = blankToNull(clientKeyFile);
    }

    public String clientKeyFile() {
        return clientKeyFile;
    }

    /** Password of an encrypted {@code clientKeyFile}. Default: none. An empty value counts as none. */
    public void setClientKeyPassword(String clientKeyPassword) {
        this.clientKeyPassword = clientKeyPassword == null || clientKeyPassword.isEmpty() ? null : clientKeyPassword;
    }

    public String clientKeyPassword() {
        return clientKeyPassword;
    }

    /**
     * HTTP proxy, {@code http://host:port}, or {@code direct} for none. Default: none set, the JVM's proxy settings
     * apply ({@code https.proxyHost}, {@code http.proxyHost}, {@code http.nonProxyHosts}, or the system's with
     * {@code java.net.useSystemProxies}).
     */
    public void setProxy(String proxy) {
        this.proxy = blankToNull(proxy);
    }

    public String proxy() {
        return proxy;
    }

    /**
     * User name for the proxy (basic authentication, {@code Proxy-Authorization}). Default: none. With an
     * {@code https://} node the credentials go on the tunnel request ({@code CONNECT}), which the JDK allows only when
     * {@code jdk.http.auth.tunneling.disabledSchemes} does not list {@code Basic} (it does by default): {@link
     * #validate()} reports that case.
     */
    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = blankToNull(proxyUsername);
    }

    public String proxyUsername() {
        return proxyUsername;
    }

    /** Password for the proxy. Default: none. An empty value counts as none. */
    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword == null || proxyPassword.isEmpty() ? null : proxyPassword;
    }

    public String proxyPassword() {
        return proxyPassword;
    }

    /**
     * AWS region of an Amazon OpenSearch Service domain or Serverless collection ({@code eu-west-1}); setting it signs
     * every request with AWS Signature Version 4, with the credentials of the AWS SDK's default provider chain. Needs
     * the {@code calllog-aws} module on the class path. Default: none, no signing.
     */
    public void setAwsRegion(String awsRegion) {
        this.awsRegion = blankToNull(awsRegion);
    }

    public String awsRegion() {
        return awsRegion;
    }

    /**
     * The AWS service requests are signed for: {@value #DEFAULT_AWS_SERVICE} (OpenSearch Service domains) or
     * {@code aoss} (OpenSearch Serverless). Default: {@value #DEFAULT_AWS_SERVICE}.
     */
    public void setAwsService(String awsService) {
        this.awsService = blankToNull(awsService);
    }

    public String awsService() {
        return awsService == null ? DEFAULT_AWS_SERVICE : awsService;
    }

    /** Whether {@code awsService} was set (validation: it needs {@code awsRegion}). */
    boolean awsServiceSet() {
        return awsService != null;
    }

    // ---- target ----

    /** Data stream the events are written to. Default: {@value #DEFAULT_DATA_STREAM}. */
    public void setDataStream(String dataStream) {
        this.dataStream = dataStream == null ? null : dataStream.trim();
    }

    public String dataStream() {
        return dataStream;
    }

    /** Whether the appender installs (or upgrades) the index template at start. Default: true. */
    public void setInstallTemplates(boolean installTemplates) {
        this.installTemplates = installTemplates;
    }

    public boolean installTemplates() {
        return installTemplates;
    }

    // ---- mapping ----

    /**
     * Lowest level shipped: {@code INFO} (default), or {@code DEBUG}/{@code TRACE} to also ship the framework's
     * DEBUG and TRACE events (as DEBUG), or {@code WARNING}, {@code ERROR}, {@code CRITICAL} to ship less.
     */
    public void setMinLevel(String minLevel) {
        this.minLevelText = minLevel;
        if (minLevel != null && minLevel.trim().equalsIgnoreCase("TRACE")) {
            this.minLevel = Level.DEBUG;
            this.traceShipped = true;
        } else {
            this.minLevel = Level.parse(minLevel);
            this.traceShipped = false;
        }
    }

    private boolean traceShipped;

    public Level minLevel() {
        return minLevel;
    }

    /** {@code minLevel} as configured. */
    String minLevelText() {
        return minLevelText == null ? DEFAULT_MIN_LEVEL.name() : minLevelText;
    }

    /** Whether framework TRACE events are shipped (as DEBUG): only when {@code minLevel} is TRACE. */
    public boolean traceShipped() {
        return traceShipped;
    }

    /** MDC key of the call id. Default: {@value #DEFAULT_CALL_ID_KEY}. */
    public void setCallIdKey(String key) {
        this.callIdKey = key;
    }

    public String callIdKey() {
        return callIdKey;
    }

    /** MDC key of the agent id. Default: {@value #DEFAULT_AGENT_ID_KEY}. */
    public void setAgentIdKey(String key) {
        this.agentIdKey = key;
    }

    public String agentIdKey() {
        return agentIdKey;
    }

    /** MDC key of the account id. Default: {@value #DEFAULT_ACCOUNT_ID_KEY}. */
    public void setAccountIdKey(String key) {
        this.accountIdKey = key;
    }

    public String accountIdKey() {
        return accountIdKey;
    }

    /** MDC key of the trace id. Default: {@value #DEFAULT_TRACE_ID_KEY}. */
    public void setTraceIdKey(String key) {
        this.traceIdKey = key;
    }

    public String traceIdKey() {
        return traceIdKey;
    }

    /** MDC key of the conversation turn id. Default: {@value #DEFAULT_TURN_ID_KEY}. */
    public void setTurnIdKey(String key) {
        this.turnIdKey = key;
    }

    public String turnIdKey() {
        return turnIdKey;
    }

    /** Further MDC keys copied into {@code data} (comma-separated, or repeated). Default: none. */
    public void addMdcDataKey(String keys) {
        if (keys != null) {
            for (String k : keys.split(",")) {
                if (!k.isBlank()) {
                    mdcDataKeys.add(k.trim());
                }
            }
        }
    }

    public List<String> mdcDataKeys() {
        return List.copyOf(mdcDataKeys);
    }

    /**
     * Registers events beyond the built-in 36, written {@code code:category:LEVEL} (level optional, default INFO),
     * several separated by {@code ;} or {@code ,}, or by repeating the setting. Default: none.
     */
    public void addEvent(String spec) {
        if (spec != null && !spec.isBlank()) {
            eventSpecs.add(spec);
        }
    }

    /** The event definitions as configured, one per {@link #addEvent(String)}. */
    List<String> eventSpecs() {
        return List.copyOf(eventSpecs);
    }

    /** The catalogue: the built-in events plus the registered ones. Valid only after {@link #validate()}. */
    public EventCatalog catalog() {
        List<EventDefinition> extra = new ArrayList<>();
        for (String spec : eventSpecs) {
            extra.addAll(EventCatalog.parse(spec));
        }
        return EventCatalog.builtIn().with(extra);
    }

    /** Whether messages and error messages are redacted. Default: true. */
    public void setRedact(boolean redact) {
        this.redact = redact;
    }

    public boolean redact() {
        return redact;
    }

    /**
     * Host-name patterns treated as internal and replaced by {@code [host]} ({@code *} matches any labels),
     * comma-separated. Default: {@value #DEFAULT_INTERNAL_HOST_PATTERNS}.
     */
    public void setInternalHostPatterns(String patterns) {
        this.internalHostPatterns = patterns == null ? "" : patterns;
    }

    public String internalHostPatterns() {
        return internalHostPatterns;
    }

    /** Adds a regular expression whose matches are replaced by {@code [redacted]}. Default: none. */
    public void addRedactPattern(String regex) {
        if (regex != null && !regex.isBlank()) {
            redactPatterns.add(regex);
        }
    }

    public List<String> redactPatterns() {
        return List.copyOf(redactPatterns);
    }

    /**
     * Kinds of personal data replaced in messages, error messages and every string of {@code data}, comma-separated:
     * {@code phone}, {@code email}, {@code card}, {@code iban} (see {@link dev.calllog.core.internal.redact.PiiPreset}).
     * Default: none.
     */
    public void setRedactPresets(String presets) {
        this.redactPresets = presets == null ? "" : presets;
    }

    /** {@code redactPresets} as configured, or {@code null} when none. */
    String redactPresetsText() {
        return redactPresets.isBlank() ? null : redactPresets;
    }

    /** The presets named by {@code redactPresets}. Valid only after {@link #validate()}. */
    public java.util.Set<dev.calllog.core.internal.redact.PiiPreset> redactPresets() {
        return dev.calllog.core.internal.redact.PiiPreset.parse(redactPresets);
    }

    /**
     * Adds rules for {@code data} keys, written {@code key:rule} with the rule {@code drop}, {@code mask} or
     * {@code hash}, several separated by commas or by repeating the setting; they apply at any depth of {@code data}.
     * Default: none.
     */
    public void addRedactKey(String rules) {
        if (rules != null && !rules.isBlank()) {
            redactKeys.add(rules);
        }
    }

    public List<String> redactKeys() {
        return List.copyOf(redactKeys);
    }

    /**
     * The secret key of the {@code hash} rule of {@code redactKey} (HMAC-SHA256); required when a rule hashes. Give it
     * through an environment variable or a file, e.g. {@code ${CALLLOG_HASH_SECRET}}. Default: none.
     */
    public void setRedactHashSecret(String secret) {
        this.redactHashSecret = secret == null || secret.isEmpty() ? null : secret;
    }

    public String redactHashSecret() {
        return redactHashSecret;
    }

    /**
     * Whether the summary of lost events (the first loss at once, then at most one line a minute with the counts per
     * reason) is also printed on standard error when the framework's status channel would not show it (Logback without
     * a status listener, Log4j with its {@code StatusLogger} at ERROR). Default: true.
     */
    public void setLossesToConsole(boolean lossesToConsole) {
        this.lossesToConsole = lossesToConsole;
    }

    public boolean lossesToConsole() {
        return lossesToConsole;
    }

    /**
     * Log4j only: whether the key-values of fluent SLF4J 2 calls ({@code addKeyValue}) that arrive through
     * {@code log4j-slf4j2-impl} are shipped in {@code data}. That bridge carries them as ThreadContext entries for the
     * duration of the call, so during such a call every ThreadContext entry other than the ids and
     * {@code mdcDataKeys} is read as a key-value. Default: true.
     */
    public void setSlf4jKeyValues(boolean slf4jKeyValues) {
        this.slf4jKeyValues = slf4jKeyValues;
    }

    public boolean slf4jKeyValues() {
        return slf4jKeyValues;
    }

    /**
     * Adds measure keys, comma-separated; repeatable. The first call replaces the defaults. A measure key names a
     * top-level {@code data} key whose value, when it is a number, is also written to {@code measures.<key>}, which is
     * mapped as {@code double} and so can be aggregated (percentiles, averages, alert thresholds). Default:
     * {@value #DEFAULT_MEASURE_KEYS}.
     */
    public void addMeasureKey(String keys) {
        if (keys == null) {
            return;
        }
        if (measureKeys == null) {
            measureKeys = new ArrayList<>();
        }
        splitItems(keys, measureKeys);
    }

    /**
     * Replaces the measure keys with the comma-separated names; an empty value means no measures. Default:
     * {@value #DEFAULT_MEASURE_KEYS}. See {@link #addMeasureKey(String)}.
     */
    public void setMeasureKeys(String keys) {
        measureKeys = new ArrayList<>();
        if (keys != null) {
            splitItems(keys, measureKeys);
        }
    }

    /** The measure keys, in the order given, without duplicates. */
    public Set<String> measureKeys() {
        List<String> items = measureKeys;
        if (items == null) {
            items = new ArrayList<>();
            splitItems(DEFAULT_MEASURE_KEYS, items);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }

    /**
     * Adds label keys, comma-separated; repeatable. The first call replaces the defaults. A label key names a top-level
     * {@code data} key whose value, when it is a string, a boolean or a whole number, is also written as text to
     * {@code labels.<key>}, which is mapped as {@code keyword} and so can be aggregated (top failing tools, webhooks,
     * transfer destinations). Default: {@value #DEFAULT_LABEL_KEYS}.
     */
    public void addLabelKey(String keys) {
        if (keys == null) {
            return;
        }
        if (labelKeys == null) {
            labelKeys = new ArrayList<>();
        }
        splitItems(keys, labelKeys);
    }

    /**
     * Replaces the label keys with the comma-separated names; an empty value means no labels. Default:
     * {@value #DEFAULT_LABEL_KEYS}. See {@link #addLabelKey(String)}.
     */
    public void setLabelKeys(String keys) {
        labelKeys = new ArrayList<>();
        if (keys != null) {
            splitItems(keys, labelKeys);
        }
    }

    /** The label keys, in the order given, without duplicates. */
    public Set<String> labelKeys() {
        List<String> items = labelKeys;
        if (items == null) {
            items = new ArrayList<>();
            splitItems(DEFAULT_LABEL_KEYS, items);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
    }

    private static void splitItems(String commaSeparated, List<String> into) {
        if (commaSeparated.isBlank()) {
            return;
        }
        for (String item : commaSeparated.split(",", -1)) {
            into.add(item.trim());
        }
    }

    /** Longest message kept, in characters. Default: {@value #DEFAULT_MAX_MESSAGE_CHARS}. */
    public void setMaxMessageChars(int maxMessageChars) {
        this.maxMessageChars = maxMessageChars;
    }

    public int maxMessageChars() {
        return maxMessageChars;
    }

    // ---- shipping ----

    /**
     * The default buffer bound for a JVM whose maximum heap is {@code maxHeapBytes}: a quarter of it, at least {@link
     * #MIN_DEFAULT_BUFFER_BYTES} and at most {@link #MAX_DEFAULT_BUFFER_BYTES}. A burst is absorbed when the buffer
     * holds it (a Logback event takes about 820 bytes of it, a Log4j one about 470): with a 1 GiB heap, 256 MiB, about
     * 320,000 Logback events. The bound is only reached when the cluster cannot keep up for a while; then at most that
     * quarter of the heap holds events, the rest stays the application's.
     */
    public static long defaultBufferBytes(long maxHeapBytes) {
        if (maxHeapBytes <= 0 || maxHeapBytes == Long.MAX_VALUE) { // no limit known
            return MIN_DEFAULT_BUFFER_BYTES;
        }
        return Math.max(MIN_DEFAULT_BUFFER_BYTES, Math.min(MAX_DEFAULT_BUFFER_BYTES, maxHeapBytes / 4));
    }

    /**
     * Memory bound of the buffer, in bytes. Default: {@link #DEFAULT_BUFFER_BYTES}, a quarter of the maximum heap, at
     * least 64 MiB and at most 1 GiB.
     */
    public void setBufferBytes(long bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    public long bufferBytes() {
        return bufferBytes;
    }

    /** Largest number of events in one bulk request. Default: {@value #DEFAULT_BATCH_MAX_EVENTS}. */
    public void setBatchMaxEvents(int batchMaxEvents) {
        this.batchMaxEvents = batchMaxEvents;
    }

    public int batchMaxEvents() {
        return batchMaxEvents;
    }

    /** Largest uncompressed bulk body, in bytes. Default: 5 MiB. */
    public void setBatchMaxBytes(int batchMaxBytes) {
        this.batchMaxBytes = batchMaxBytes;
    }

    public int batchMaxBytes() {
        return batchMaxBytes;
    }

    /** Longest time an event waits for its batch to fill, in ms. Default: {@value #DEFAULT_LINGER_MILLIS}. */
    public void setLingerMillis(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    public long lingerMillis() {
        return lingerMillis;
    }

    /** Whether bulk bodies are gzip-compressed. Default: true. */
    public void setGzip(boolean gzip) {
        this.gzip = gzip;
    }

    public boolean gzip() {
        return gzip;
    }

    /** Connect timeout, in ms. Default: {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS}. */
    public void setConnectTimeoutMillis(long v) {
        this.connectTimeoutMillis = v;
    }

    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** Response timeout of one request, in ms. Default: {@value #DEFAULT_REQUEST_TIMEOUT_MILLIS}. */
    public void setRequestTimeoutMillis(long v) {
        this.requestTimeoutMillis = v;
    }

    public long requestTimeoutMillis() {
        return requestTimeoutMillis;
    }

    /** Retries of an item answered 429 or 5xx before it is given up. Default: {@value #DEFAULT_MAX_RETRIES}. */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** First retry delay, in ms; doubles each retry, with jitter. Default: {@value #DEFAULT_INITIAL_BACKOFF_MILLIS}. */
    public void setInitialBackoffMillis(long v) {
        this.initialBackoffMillis = v;
    }

    public long initialBackoffMillis() {
        return initialBackoffMillis;
    }

    /** Longest retry delay, in ms. Default: {@value #DEFAULT_MAX_BACKOFF_MILLIS}. */
    public void setMaxBackoffMillis(long v) {
        this.maxBackoffMillis = v;
    }

    public long maxBackoffMillis() {
        return maxBackoffMillis;
    }

    /** Longest time a batch is retried while the cluster is unreachable, in ms. Default: 10 minutes. */
    public void setRetryTimeoutMillis(long v) {
        this.retryTimeoutMillis = v;
    }

    public long retryTimeoutMillis() {
        return retryTimeoutMillis;
    }

    /** Longest time {@code stop()} waits to deliver buffered events, in ms. Default: 10 s. */
    public void setShutdownTimeoutMillis(long v) {
        this.shutdownTimeoutMillis = v;
    }

    public long shutdownTimeoutMillis() {
        return shutdownTimeoutMillis;
    }

    /**
     * File that rejected documents (HTTP 400) are appended to, as NDJSON with the reason. It holds whole documents
     * (message and {@code data} as shipped), so it is created {@code 0600}, and a symbolic link in its place is refused.
     * Default: none, rejected documents are only counted and reported.
     */
    public void setDeadLetterFile(String deadLetterFile) {
        this.deadLetterFile = blankToNull(deadLetterFile);
    }

    public String deadLetterFile() {
        return deadLetterFile;
    }

    /** Largest size of the dead-letter file, in bytes. Default: 100 MiB. */
    public void setDeadLetterMaxBytes(long v) {
        this.deadLetterMaxBytes = v;
    }

    public long deadLetterMaxBytes() {
        return deadLetterMaxBytes;
    }

    // ---- reliability ----

    /**
     * Directory of the disk spool; setting it turns the spool on. Events the cluster cannot take (it is unreachable, or
     * answers 429/5xx to whole requests) are written there by the shipping thread, and shipped from there, oldest
     * first, when it answers again, also after a restart of the application. Created when missing; one appender (one
     * process) per directory. Default: none, the spool is off.
     */
    public void setSpoolDir(String spoolDir) {
        this.spoolDir = blankToNull(spoolDir);
    }

    public String spoolDir() {
        return spoolDir;
    }

    /** Largest size of the spool, in bytes; when full, {@code overflowPolicy} applies. Default: 1 GiB. */
    public void setSpoolMaxBytes(long v) {
        this.spoolMaxBytes = v;
    }

    public long spoolMaxBytes() {
        return spoolMaxBytes;
    }

    /**
     * How often the spool is synced to disk ({@code fsync}), in ms: {@code 0} (default) after every batch written to
     * it; a larger value at most that often, trading the events of the last interval on an operating-system crash or
     * power loss for fewer disk flushes. A process crash loses nothing that was written to the spool, synced or not.
     */
    public void setSpoolFsyncMillis(long v) {
        this.spoolFsyncMillis = v;
    }

    public long spoolFsyncMillis() {
        return spoolFsyncMillis;
    }

    /**
     * What happens when the buffer (or the spool) is full: {@code dropNewest} (default), {@code dropOldest} or
     * {@code block}; see {@link OverflowPolicy}.
     */
    public void setOverflowPolicy(String policy) {
        this.overflowPolicyText = policy;
        this.overflowPolicy =
                policy == null || policy.isBlank() ? DEFAULT_OVERFLOW_POLICY : OverflowPolicy.parse(policy);
    }

    public OverflowPolicy overflowPolicy() {
        return overflowPolicy;
    }

    /** {@code overflowPolicy} as configured. */
    String overflowPolicyText() {
        return overflowPolicyText == null || overflowPolicyText.isBlank()
                ? DEFAULT_OVERFLOW_POLICY.setting()
                : overflowPolicyText;
    }

    /**
     * Longest time a logging call waits for room under the {@code block} policy, in ms; then its event is dropped and
     * counted. Default: {@value #DEFAULT_BLOCK_TIMEOUT_MILLIS}.
     */
    public void setBlockTimeoutMillis(long v) {
        this.blockTimeoutMillis = v;
    }

    public long blockTimeoutMillis() {
        return blockTimeoutMillis;
    }

    /**
     * Largest document shipped, in bytes of JSON. {@code data} is cut to fit when the event is logged (long strings end
     * with {@code …[truncated]}, containers with a {@code "[truncated]"} entry); a document still larger is shipped
     * with {@code data} replaced by {@code {"[truncated]":true}}. Default: 1 MiB.
     */
    public void setMaxDocumentBytes(int v) {
        this.maxDocumentBytes = v;
    }

    public int maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /**
     * Checks every setting. Each problem is one message that names the setting to fix and the value; the appender
     * starts only when the list is empty.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>(invalidValues);
        ConfigValidation.check(this, problems);
        return problems;
    }

    /**
     * Keeps a problem found while reading a value from its text (see {@link Setting#apply}); {@link #validate()} reports
     * it first.
     */
    void invalid(String problem) {
        invalidValues.add(problem);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
