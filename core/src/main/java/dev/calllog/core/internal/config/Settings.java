package dev.calllog.core.internal.config;

import static dev.calllog.core.internal.config.Setting.bool;
import static dev.calllog.core.internal.config.Setting.integer;
import static dev.calllog.core.internal.config.Setting.list;
import static dev.calllog.core.internal.config.Setting.repeated;
import static dev.calllog.core.internal.config.Setting.text;
import static dev.calllog.core.internal.config.Setting.whole;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the call-log appenders, declared once: name, type, default, description, frameworks. The defaults
 * are {@link CallLogConfig}'s constants; the Logback setters, the Log4j builder's attributes and the README's settings
 * table are checked against this list by tests, so a setting cannot exist in one place and not in another.
 */
public final class Settings {
    private Settings() {}

    /** Every setting, in the README's order. */
    public static final List<Setting> ALL = List.of(
            // ---- connection ----
            list(
                            "url",
                            CallLogConfig.DEFAULT_URL,
                            CallLogConfig::addUrl,
                            c -> String.join(",", c.urls()),
                            "Node URLs, http:// or https://; several nodes: failover")
                    .logback("url", "urls")
                    .log4j("url"),
            text("username", null, CallLogConfig::setUsername, CallLogConfig::username, "Basic-authentication user"),
            text("password", null, CallLogConfig::setPassword, CallLogConfig::password, "Basic-authentication password")
                    .secret(),
            text(
                    "trustStore",
                    null,
                    CallLogConfig::setTrustStore,
                    CallLogConfig::trustStore,
                    "Trust store file for TLS with a private CA"),
            text(
                            "trustStorePassword",
                            null,
                            CallLogConfig::setTrustStorePassword,
                            CallLogConfig::trustStorePassword,
                            "Password of the trust store")
                    .secret(),
            text(
                    "trustStoreType",
                    CallLogConfig.DEFAULT_TRUST_STORE_TYPE,
                    CallLogConfig::setTrustStoreType,
                    CallLogConfig::trustStoreType,
                    "Type of the trust store: PKCS12 or JKS"),
            text(
                    "passwordFile",
                    null,
                    CallLogConfig::setPasswordFile,
                    CallLogConfig::passwordFile,
                    "File holding the basic-authentication password"),
            text(
                            "apiKey",
                            null,
                            CallLogConfig::setApiKey,
                            CallLogConfig::apiKey,
                            "API key, sent as Authorization: ApiKey")
                    .secret(),
            text(
                    "apiKeyFile",
                    null,
                    CallLogConfig::setApiKeyFile,
                    CallLogConfig::apiKeyFile,
                    "File holding the API key"),
            text(
                            "bearerToken",
                            null,
                            CallLogConfig::setBearerToken,
                            CallLogConfig::bearerToken,
                            "Bearer token, sent as Authorization: Bearer")
                    .secret(),
            text(
                    "bearerTokenFile",
                    null,
                    CallLogConfig::setBearerTokenFile,
                    CallLogConfig::bearerTokenFile,
                    "File holding the bearer token"),
            repeated(
                            "header",
                            CallLogConfig::addHeader,
                            c -> joinOrNull(c.headerSpecs(), "\n"),
                            "Header every request carries, Name: value (Log4j: nested Property elements)")
                    .logback("header")
                    .logbackOnly()
                    .secret(),
            text(
                    "caFile",
                    null,
                    CallLogConfig::setCaFile,
                    CallLogConfig::caFile,
                    "PEM file of the CA certificates to trust"),
            text(
                    "clientCertFile",
                    null,
                    CallLogConfig::setClientCertFile,
                    CallLogConfig::clientCertFile,
                    "PEM file of the client certificate, for mutual TLS"),
            text(
                    "clientKeyFile",
                    null,
                    CallLogConfig::setClientKeyFile,
                    CallLogConfig::clientKeyFile,
                    "PEM file of the client certificate's PKCS#8 key"),
            text(
                            "clientKeyPassword",
                            null,
                            CallLogConfig::setClientKeyPassword,
                            CallLogConfig::clientKeyPassword,
                            "Password of an encrypted client key")
                    .secret(),
            text(
                    "keyStore",
                    null,
                    CallLogConfig::setKeyStore,
                    CallLogConfig::keyStore,
                    "Key store with the client certificate and key, for mutual TLS"),
            text(
                            "keyStorePassword",
                            null,
                            CallLogConfig::setKeyStorePassword,
                            CallLogConfig::keyStorePassword,
                            "Password of the key store")
                    .secret(),
            text(
                    "keyStoreType",
                    null,
                    CallLogConfig::setKeyStoreType,
                    CallLogConfig::keyStoreType,
                    "Type of the key store: PKCS12 or JKS; read from the file when not set"),
            text(
                    "proxy",
                    null,
                    CallLogConfig::setProxy,
                    CallLogConfig::proxy,
                    "HTTP proxy http://host:port, or direct; the JVM's proxy settings when not set"),
            text(
                    "proxyUsername",
                    null,
                    CallLogConfig::setProxyUsername,
                    CallLogConfig::proxyUsername,
                    "User name for the proxy"),
            text(
                            "proxyPassword",
                            null,
                            CallLogConfig::setProxyPassword,
                            CallLogConfig::proxyPassword,
                            "Password for the proxy")
                    .secret(),
            text(
                    "awsRegion",
                    null,
                    CallLogConfig::setAwsRegion,
                    CallLogConfig::awsRegion,
                    "AWS region: signs requests with SigV4 (needs calllog-aws)"),
            text(
                    "awsService",
                    CallLogConfig.DEFAULT_AWS_SERVICE,
                    CallLogConfig::setAwsService,
                    CallLogConfig::awsService,
                    "AWS service signed for: es or aoss"),
            // ---- target ----
            text(
                    "dataStream",
                    CallLogConfig.DEFAULT_DATA_STREAM,
                    CallLogConfig::setDataStream,
                    CallLogConfig::dataStream,
                    "Data stream written to"),
            bool(
                    "installTemplates",
                    CallLogConfig.DEFAULT_INSTALL_TEMPLATES,
                    CallLogConfig::setInstallTemplates,
                    CallLogConfig::installTemplates,
                    "Install or upgrade the index templates at start"),
            // ---- mapping ----
            text(
                            "minLevel",
                            CallLogConfig.DEFAULT_MIN_LEVEL.name(),
                            CallLogConfig::setMinLevel,
                            CallLogConfig::minLevelText,
                            "Lowest level shipped: TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL")
                    .shapingDocuments(),
            text(
                            "callIdKey",
                            CallLogConfig.DEFAULT_CALL_ID_KEY,
                            CallLogConfig::setCallIdKey,
                            CallLogConfig::callIdKey,
                            "MDC key of the call id")
                    .shapingDocuments(),
            text(
                            "agentIdKey",
                            CallLogConfig.DEFAULT_AGENT_ID_KEY,
                            CallLogConfig::setAgentIdKey,
                            CallLogConfig::agentIdKey,
                            "MDC key of the agent id")
                    .shapingDocuments(),
            text(
                            "accountIdKey",
                            CallLogConfig.DEFAULT_ACCOUNT_ID_KEY,
                            CallLogConfig::setAccountIdKey,
                            CallLogConfig::accountIdKey,
                            "MDC key of the account id")
                    .shapingDocuments(),
            text(
                            "traceIdKey",
                            CallLogConfig.DEFAULT_TRACE_ID_KEY,
                            CallLogConfig::setTraceIdKey,
                            CallLogConfig::traceIdKey,
                            "MDC key of the trace id")
                    .shapingDocuments(),
            text(
                            "turnIdKey",
                            CallLogConfig.DEFAULT_TURN_ID_KEY,
                            CallLogConfig::setTurnIdKey,
                            CallLogConfig::turnIdKey,
                            "MDC key of the conversation turn")
                    .shapingDocuments(),
            list(
                            "mdcDataKey",
                            null,
                            CallLogConfig::addMdcDataKey,
                            c -> joinOrNull(c.mdcDataKeys()),
                            "Further MDC keys copied into data")
                    .logback("mdcDataKey", "mdcDataKeys")
                    .log4j("mdcDataKeys")
                    .shapingDocuments(),
            repeated(
                            "event",
                            CallLogConfig::addEvent,
                            c -> joinOrNull(c.eventSpecs(), ";"),
                            "Extra events, code:category:LEVEL")
                    .logback("event", "events")
                    .log4j("events")
                    .shapingDocuments(),
            bool(
                            "redact",
                            CallLogConfig.DEFAULT_REDACT,
                            CallLogConfig::setRedact,
                            CallLogConfig::redact,
                            "Redact messages, error messages and the strings in data")
                    .shapingDocuments(),
            list(
                            "internalHostPatterns",
                            CallLogConfig.DEFAULT_INTERNAL_HOST_PATTERNS,
                            CallLogConfig::setInternalHostPatterns,
                            CallLogConfig::internalHostPatterns,
                            "Host names replaced by [host]")
                    .shapingDocuments(),
            repeated(
                            "redactPattern",
                            CallLogConfig::addRedactPattern,
                            c -> joinOrNull(c.redactPatterns(), "\n"),
                            "Regular expressions whose matches become [redacted]")
                    .log4j("redactPatterns")
                    .shapingDocuments(),
            list(
                            "redactPresets",
                            null,
                            CallLogConfig::setRedactPresets,
                            CallLogConfig::redactPresetsText,
                            "Personal data replaced: phone, email, card, iban")
                    .shapingDocuments(),
            list(
                            "redactKey",
                            null,
                            CallLogConfig::addRedactKey,
                            c -> joinOrNull(c.redactKeys()),
                            "data keys dropped, masked or hashed: key:drop, key:mask, key:hash")
                    .logback("redactKey", "redactKeys")
                    .log4j("redactKeys")
                    .shapingDocuments(),
            text(
                            "redactHashSecret",
                            null,
                            CallLogConfig::setRedactHashSecret,
                            CallLogConfig::redactHashSecret,
                            "Secret of the hash key rule")
                    .secret()
                    .shapingDocuments(),
            bool(
                    "lossesToConsole",
                    CallLogConfig.DEFAULT_LOSSES_TO_CONSOLE,
                    CallLogConfig::setLossesToConsole,
                    CallLogConfig::lossesToConsole,
                    "Also print lost events on standard error when the status channel would not"),
            list(
                            "measureKey",
                            CallLogConfig.DEFAULT_MEASURE_KEYS,
                            CallLogConfig::addMeasureKey,
                            c -> String.join(",", c.measureKeys()),
                            "Top-level data keys whose numbers are also written to measures")
                    .logback("measureKey", "measureKeys")
                    .log4j("measureKeys")
                    .shapingDocuments(),
            list(
                            "labelKey",
                            CallLogConfig.DEFAULT_LABEL_KEYS,
                            CallLogConfig::addLabelKey,
                            c -> String.join(",", c.labelKeys()),
                            "Top-level data keys whose strings are also written to labels")
                    .logback("labelKey", "labelKeys")
                    .log4j("labelKeys")
                    .shapingDocuments(),
            integer(
                            "maxMessageChars",
                            CallLogConfig.DEFAULT_MAX_MESSAGE_CHARS,
                            CallLogConfig::setMaxMessageChars,
                            CallLogConfig::maxMessageChars,
                            "Longest message kept, in characters")
                    .shapingDocuments(),
            // ---- shipping ----
            whole(
                    "bufferBytes",
                    CallLogConfig.DEFAULT_BUFFER_BYTES,
                    CallLogConfig::setBufferBytes,
                    CallLogConfig::bufferBytes,
                    "Memory bound of the buffer, in bytes"),
            integer(
                    "batchMaxEvents",
                    CallLogConfig.DEFAULT_BATCH_MAX_EVENTS,
                    CallLogConfig::setBatchMaxEvents,
                    CallLogConfig::batchMaxEvents,
                    "Most events in one bulk request"),
            integer(
                    "batchMaxBytes",
                    CallLogConfig.DEFAULT_BATCH_MAX_BYTES,
                    CallLogConfig::setBatchMaxBytes,
                    CallLogConfig::batchMaxBytes,
                    "Largest uncompressed bulk body, in bytes"),
            whole(
                    "lingerMillis",
                    CallLogConfig.DEFAULT_LINGER_MILLIS,
                    CallLogConfig::setLingerMillis,
                    CallLogConfig::lingerMillis,
                    "Longest wait for a batch to fill, in ms"),
            bool(
                    "gzip",
                    CallLogConfig.DEFAULT_GZIP,
                    CallLogConfig::setGzip,
                    CallLogConfig::gzip,
                    "Compress bulk bodies"),
            whole(
                    "connectTimeoutMillis",
                    CallLogConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS,
                    CallLogConfig::setConnectTimeoutMillis,
                    CallLogConfig::connectTimeoutMillis,
                    "Connect timeout, in ms"),
            whole(
                    "requestTimeoutMillis",
                    CallLogConfig.DEFAULT_REQUEST_TIMEOUT_MILLIS,
                    CallLogConfig::setRequestTimeoutMillis,
                    CallLogConfig::requestTimeoutMillis,
                    "Response timeout of one request, in ms"),
            integer(
                    "maxRetries",
                    CallLogConfig.DEFAULT_MAX_RETRIES,
                    CallLogConfig::setMaxRetries,
                    CallLogConfig::maxRetries,
                    "Retries of an item answered 429 or 5xx"),
            whole(
                    "initialBackoffMillis",
                    CallLogConfig.DEFAULT_INITIAL_BACKOFF_MILLIS,
                    CallLogConfig::setInitialBackoffMillis,
                    CallLogConfig::initialBackoffMillis,
                    "First retry delay, in ms"),
            whole(
                    "maxBackoffMillis",
                    CallLogConfig.DEFAULT_MAX_BACKOFF_MILLIS,
                    CallLogConfig::setMaxBackoffMillis,
                    CallLogConfig::maxBackoffMillis,
                    "Longest retry delay, in ms"),
            whole(
                    "retryTimeoutMillis",
                    CallLogConfig.DEFAULT_RETRY_TIMEOUT_MILLIS,
                    CallLogConfig::setRetryTimeoutMillis,
                    CallLogConfig::retryTimeoutMillis,
                    "Longest time a batch is retried while the cluster is unreachable, in ms"),
            whole(
                    "shutdownTimeoutMillis",
                    CallLogConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS,
                    CallLogConfig::setShutdownTimeoutMillis,
                    CallLogConfig::shutdownTimeoutMillis,
                    "Longest time stop() spends delivering what is buffered, in ms"),
            text(
                    "deadLetterFile",
                    null,
                    CallLogConfig::setDeadLetterFile,
                    CallLogConfig::deadLetterFile,
                    "File rejected documents are appended to; empty to only count them"),
            whole(
                    "deadLetterMaxBytes",
                    CallLogConfig.DEFAULT_DEAD_LETTER_MAX_BYTES,
                    CallLogConfig::setDeadLetterMaxBytes,
                    CallLogConfig::deadLetterMaxBytes,
                    "Largest dead-letter file, in bytes"),
            bool(
                            "slf4jKeyValues",
                            CallLogConfig.DEFAULT_SLF4J_KEY_VALUES,
                            CallLogConfig::setSlf4jKeyValues,
                            CallLogConfig::slf4jKeyValues,
                            "Ship the key-values of fluent SLF4J calls that arrive through log4j-slf4j2-impl")
                    .log4jOnly()
                    .shapingDocuments(),
            // ---- reliability ----
            text(
                    "spoolDir",
                    null,
                    CallLogConfig::setSpoolDir,
                    CallLogConfig::spoolDir,
                    "Directory of the disk spool; setting it turns the spool on"),
            whole(
                    "spoolMaxBytes",
                    CallLogConfig.DEFAULT_SPOOL_MAX_BYTES,
                    CallLogConfig::setSpoolMaxBytes,
                    CallLogConfig::spoolMaxBytes,
                    "Largest size of the spool, in bytes"),
            whole(
                    "spoolFsyncMillis",
                    CallLogConfig.DEFAULT_SPOOL_FSYNC_MILLIS,
                    CallLogConfig::setSpoolFsyncMillis,
                    CallLogConfig::spoolFsyncMillis,
                    "How often the spool is synced to disk, in ms; 0 after every batch"),
            text(
                    "overflowPolicy",
                    CallLogConfig.DEFAULT_OVERFLOW_POLICY.setting(),
                    CallLogConfig::setOverflowPolicy,
                    CallLogConfig::overflowPolicyText,
                    "When the buffer or the spool is full: dropNewest, dropOldest or block"),
            whole(
                    "blockTimeoutMillis",
                    CallLogConfig.DEFAULT_BLOCK_TIMEOUT_MILLIS,
                    CallLogConfig::setBlockTimeoutMillis,
                    CallLogConfig::blockTimeoutMillis,
                    "Longest wait of a logging call under the block policy, in ms"),
            integer(
                            "maxDocumentBytes",
                            CallLogConfig.DEFAULT_MAX_DOCUMENT_BYTES,
                            CallLogConfig::setMaxDocumentBytes,
                            CallLogConfig::maxDocumentBytes,
                            "Largest document, in bytes")
                    .shapingDocuments());

    private static final Map<String, Setting> BY_LOG4J_NAME = index(Setting.Framework.LOG4J);
    private static final Map<String, Setting> BY_LOGBACK_NAME = index(Setting.Framework.LOGBACK);

    /** The setting a Log4j attribute sets, or {@code null}. */
    public static Setting byLog4jName(String attribute) {
        return BY_LOG4J_NAME.get(attribute);
    }

    /** The setting a Logback element sets, or {@code null}. */
    public static Setting byLogbackName(String element) {
        return BY_LOGBACK_NAME.get(element);
    }

    /** The setting of that README name, or {@code null}. */
    public static Setting byName(String name) {
        for (Setting s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static Map<String, Setting> index(Setting.Framework framework) {
        Map<String, Setting> m = new LinkedHashMap<>();
        for (Setting s : ALL) {
            for (String n : framework == Setting.Framework.LOG4J ? s.log4jNames() : s.logbackNames()) {
                if (m.put(n, s) != null) {
                    throw new IllegalStateException("two settings are named " + n + " on " + framework);
                }
            }
        }
        return Map.copyOf(m);
    }

    private static String joinOrNull(Collection<String> items) {
        return joinOrNull(items, ",");
    }

    private static String joinOrNull(Collection<String> items, String separator) {
        return items.isEmpty() ? null : String.join(separator, items);
    }
}
