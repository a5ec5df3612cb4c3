package dev.calllog.log4j2;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.Setting;
import dev.calllog.core.internal.config.Settings;
import java.lang.reflect.Field;
import java.util.List;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginElement;

/**
 * Builds a {@link CallLogAppender}: what Log4j fills from a configuration's {@code <CallLog>} element, and what code
 * uses to create the appender itself ({@link CallLogAppender#newBuilder()}).
 *
 * <p>Each attribute is the setting of the same name in {@link Settings}, with the same default. Attributes are kept as
 * written and converted by the setting's declaration ({@link Setting#apply}), so that a value that is not a number or
 * not a boolean is reported naming the attribute and the value, and the appender does not start; an attribute left
 * out keeps the default.
 */
public final class CallLogAppenderBuilder extends ConnectionAttributes<CallLogAppenderBuilder>
        implements org.apache.logging.log4j.core.util.Builder<CallLogAppender> {

    /** Node URL(s), comma-separated. Default: {@code OPENSEARCH_URL}, else {@value CallLogConfig#DEFAULT_URL}. */
    @PluginBuilderAttribute
    private String url;

    /** Basic-authentication user. Default: none. */
    @PluginBuilderAttribute
    private String username;

    /** Basic-authentication password. Default: none. */
    @PluginBuilderAttribute(sensitive = true)
    private String password;

    /** Trust store file for TLS with a private CA. Default: the JVM's trust store. */
    @PluginBuilderAttribute
    private String trustStore;

    /** Password of the trust store. Default: none. */
    @PluginBuilderAttribute(sensitive = true)
    private String trustStorePassword;

    /** Type of the trust store: {@code PKCS12} (default) or {@code JKS}. */
    @PluginBuilderAttribute
    private String trustStoreType;

    /** Data stream written to. Default: {@value CallLogConfig#DEFAULT_DATA_STREAM}. */
    @PluginBuilderAttribute
    private String dataStream;

    /** Whether the index templates are installed or upgraded at start. Default: true. */
    @PluginBuilderAttribute
    private String installTemplates;

    /** Lowest level shipped: TRACE, DEBUG, INFO (default), WARNING, ERROR or CRITICAL. */
    @PluginBuilderAttribute
    private String minLevel;

    /** ThreadContext key of the call id. Default: {@value CallLogConfig#DEFAULT_CALL_ID_KEY}. */
    @PluginBuilderAttribute
    private String callIdKey;

    /** ThreadContext key of the agent id. Default: {@value CallLogConfig#DEFAULT_AGENT_ID_KEY}. */
    @PluginBuilderAttribute
    private String agentIdKey;

    /** ThreadContext key of the account id. Default: {@value CallLogConfig#DEFAULT_ACCOUNT_ID_KEY}. */
    @PluginBuilderAttribute
    private String accountIdKey;

    /** ThreadContext key of the trace id. Default: {@value CallLogConfig#DEFAULT_TRACE_ID_KEY}. */
    @PluginBuilderAttribute
    private String traceIdKey;

    /** ThreadContext key of the conversation turn. Default: {@value CallLogConfig#DEFAULT_TURN_ID_KEY}. */
    @PluginBuilderAttribute
    private String turnIdKey;

    /** Further ThreadContext keys copied into {@code data}, comma-separated. Default: none. */
    @PluginBuilderAttribute
    private String mdcDataKeys;

    /** Extra events, {@code code:category:LEVEL} separated by {@code ;} (or nested {@code <Event>}). Default: none. */
    @PluginBuilderAttribute
    private String events;

    /** Whether messages, error messages and the strings in {@code data} are redacted. Default: true. */
    @PluginBuilderAttribute
    private String redact;

    /** Host-name patterns replaced by {@code [host]}, comma-separated. Default: {@value CallLogConfig#DEFAULT_INTERNAL_HOST_PATTERNS}. */
    @PluginBuilderAttribute
    private String internalHostPatterns;

    /** One regular expression whose matches become {@code [redacted]} (several: nested {@code <RedactPattern>}). Default: none. */
    @PluginBuilderAttribute
    private String redactPatterns;

    /** Personal data replaced, comma-separated: phone, email, card, iban. Default: none. */
    @PluginBuilderAttribute
    private String redactPresets;

    /** Rules for {@code data} keys, {@code key:drop}, {@code key:mask} or {@code key:hash}, comma-separated. Default: none. */
    @PluginBuilderAttribute
    private String redactKeys;

    /** Secret of the {@code hash} key rule (HMAC-SHA256). Default: none. */
    @PluginBuilderAttribute(sensitive = true)
    private String redactHashSecret;

    /** Whether lost events are also summed up on standard error when the StatusLogger would not show them. Default: true. */
    @PluginBuilderAttribute
    private String lossesToConsole;

    /** Top-level {@code data} keys whose numbers are also written to {@code measures}; empty for none. Default: {@value CallLogConfig#DEFAULT_MEASURE_KEYS}. */
    @PluginBuilderAttribute
    private String measureKeys;

    /** Top-level {@code data} keys whose strings are also written to {@code labels}; empty for none. Default: {@value CallLogConfig#DEFAULT_LABEL_KEYS}. */
    @PluginBuilderAttribute
    private String labelKeys;

    /** Longest message kept, in characters. Default: {@value CallLogConfig#DEFAULT_MAX_MESSAGE_CHARS}. */
    @PluginBuilderAttribute
    private String maxMessageChars;

    /** Memory bound of the buffer, in bytes. Default: 64 MiB. */
    @PluginBuilderAttribute
    private String bufferBytes;

    /** Most events in one bulk request. Default: {@value CallLogConfig#DEFAULT_BATCH_MAX_EVENTS}. */
    @PluginBuilderAttribute
    private String batchMaxEvents;

    /** Largest uncompressed bulk body, in bytes. Default: 5 MiB. */
    @PluginBuilderAttribute
    private String batchMaxBytes;

    /** Longest wait for a batch to fill, in ms. Default: {@value CallLogConfig#DEFAULT_LINGER_MILLIS}. */
    @PluginBuilderAttribute
    private String lingerMillis;

    /** Whether bulk bodies are gzip-compressed. Default: true. */
    @PluginBuilderAttribute
    private String gzip;

    /** Connect timeout, in ms. Default: {@value CallLogConfig#DEFAULT_CONNECT_TIMEOUT_MILLIS}. */
    @PluginBuilderAttribute
    private String connectTimeoutMillis;

    /** Response timeout of one request, in ms. Default: {@value CallLogConfig#DEFAULT_REQUEST_TIMEOUT_MILLIS}. */
    @PluginBuilderAttribute
    private String requestTimeoutMillis;

    /** Retries of an item answered 429 or 5xx. Default: {@value CallLogConfig#DEFAULT_MAX_RETRIES}. */
    @PluginBuilderAttribute
    private String maxRetries;

    /** First retry delay, in ms. Default: {@value CallLogConfig#DEFAULT_INITIAL_BACKOFF_MILLIS}. */
    @PluginBuilderAttribute
    private String initialBackoffMillis;

    /** Longest retry delay, in ms. Default: {@value CallLogConfig#DEFAULT_MAX_BACKOFF_MILLIS}. */
    @PluginBuilderAttribute
    private String maxBackoffMillis;

    /** Longest time a batch is retried while the cluster is unreachable, in ms. Default: 10 minutes. */
    @PluginBuilderAttribute
    private String retryTimeoutMillis;

    /** Longest time stopping spends delivering what is buffered, in ms. Default: 10 s. */
    @PluginBuilderAttribute
    private String shutdownTimeoutMillis;

    /** File rejected documents are appended to (created 0600). Default: none, they are only counted. */
    @PluginBuilderAttribute
    private String deadLetterFile;

    /** Largest dead-letter file, in bytes. Default: 100 MiB. */
    @PluginBuilderAttribute
    private String deadLetterMaxBytes;

    /** Whether the key-values of fluent SLF4J 2 calls through {@code log4j-slf4j2-impl} are shipped (see {@link CallLogConfig#setSlf4jKeyValues}). Default: true. */
    @PluginBuilderAttribute
    private String slf4jKeyValues;

    /** Directory of the disk spool; setting it turns the spool on. Default: none (off). */
    @PluginBuilderAttribute
    private String spoolDir;

    /** Largest size of the spool, in bytes. Default: 1 GiB. */
    @PluginBuilderAttribute
    private String spoolMaxBytes;

    /** How often the spool is synced to disk, in ms; 0 (default) after every batch written to it. */
    @PluginBuilderAttribute
    private String spoolFsyncMillis;

    /** When the buffer or the spool is full: {@code dropNewest} (default), {@code dropOldest} or {@code block}. */
    @PluginBuilderAttribute
    private String overflowPolicy;

    /** Longest wait of a logging call under {@code block}, in ms. Default: {@value CallLogConfig#DEFAULT_BLOCK_TIMEOUT_MILLIS}. */
    @PluginBuilderAttribute
    private String blockTimeoutMillis;

    /** Largest document, in bytes. Default: 1 MiB. */
    @PluginBuilderAttribute
    private String maxDocumentBytes;

    /** Events beyond the built-in ones, as nested {@code <Event code=".." category=".." level=".."/>}. */
    @PluginElement("Event")
    private EventElement[] eventElements;

    /** Regular expressions to redact, as nested {@code <RedactPattern>regex</RedactPattern>}. */
    @PluginElement("RedactPattern")
    private RedactPatternElement[] redactPatternElements;

    CallLogAppenderBuilder() {}

    @Override
    public CallLogAppender build() {
        Configuration configuration = getConfiguration();
        return new CallLogAppender(
                getName(),
                getFilter(),
                isIgnoreExceptions(),
                getPropertyArray(),
                toConfig(),
                configuration == null ? null : configuration.getLoggerContext());
    }

    /**
     * The settings, as the core takes them; validated when the appender starts. Each attribute that was set is applied
     * through its declaration in {@link Settings}, the nested elements after the attributes of the same setting.
     */
    CallLogConfig toConfig() {
        CallLogConfig c = new CallLogConfig();
        applyAttributes(this, attributeFields(), c);
        applyHeaders(c);
        applyElements(c, eventElements, redactPatternElements);
        return c;
    }

    /** The attributes of this builder and of {@link ConnectionAttributes}. */
    static List<Field> attributeFields() {
        return attributeFields(List.of(CallLogAppenderBuilder.class, ConnectionAttributes.class));
    }

    /** The {@code @PluginBuilderAttribute} fields declared by {@code classes}, made accessible. */
    static List<Field> attributeFields(List<Class<?>> classes) {
        List<Field> out = new java.util.ArrayList<>();
        for (Class<?> k : classes) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(PluginBuilderAttribute.class)) {
                    f.setAccessible(true);
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * Applies each attribute of {@code builder} that was set through its declaration in {@link Settings}: the same
     * conversion, defaults and messages wherever a Log4j plugin takes the settings.
     */
    static void applyAttributes(Object builder, List<Field> fields, CallLogConfig c) {
        for (Field f : fields) {
            Setting setting = Settings.byLog4jName(f.getName());
            if (setting == null) {
                throw new IllegalStateException("attribute " + f.getName() + " is not declared in Settings");
            }
            try {
                String value = (String) f.get(builder);
                if (value != null) {
                    setting.apply(c, value);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Adds the nested {@code <Event>} and {@code <RedactPattern>} elements, after the attributes of the same setting. */
    static void applyElements(CallLogConfig c, EventElement[] events, RedactPatternElement[] redactPatterns) {
        if (events != null) {
            for (EventElement e : events) {
                if (e != null) {
                    c.addEvent(e.spec());
                }
            }
        }
        if (redactPatterns != null) {
            for (RedactPatternElement p : redactPatterns) {
                if (p != null) {
                    c.addRedactPattern(p.regex());
                }
            }
        }
    }

    /** Adds events beyond the built-in ones (nested {@code <Event>} elements). */
    public CallLogAppenderBuilder setEventElements(EventElement... eventElements) {
        this.eventElements = eventElements;
        return this;
    }

    /** Adds regular expressions to redact (nested {@code <RedactPattern>} elements). */
    public CallLogAppenderBuilder setRedactPatternElements(RedactPatternElement... redactPatternElements) {
        this.redactPatternElements = redactPatternElements;
        return this;
    }

    /** Sets {@code url}. */
    public CallLogAppenderBuilder setUrl(String v) {
        this.url = v;
        return this;
    }

    /** Sets {@code username}. */
    public CallLogAppenderBuilder setUsername(String v) {
        this.username = v;
        return this;
    }

    /** Sets {@code password}. */
    public CallLogAppenderBuilder setPassword(String v) {
        this.password = v;
        return this;
    }

    /** Sets {@code trustStore}. */
    public CallLogAppenderBuilder setTrustStore(String v) {
        this.trustStore = v;
        return this;
    }

    /** Sets {@code trustStorePassword}. */
    public CallLogAppenderBuilder setTrustStorePassword(String v) {
        this.trustStorePassword = v;
        return this;
    }

    /** Sets {@code trustStoreType}. */
    public CallLogAppenderBuilder setTrustStoreType(String v) {
        this.trustStoreType = v;
        return this;
    }

    /** Sets {@code dataStream}. */
    public CallLogAppenderBuilder setDataStream(String v) {
        this.dataStream = v;
        return this;
    }

    /** Sets {@code installTemplates}. */
    public CallLogAppenderBuilder setInstallTemplates(boolean v) {
        this.installTemplates = String.valueOf(v);
        return this;
    }

    /** Sets {@code minLevel}. */
    public CallLogAppenderBuilder setMinLevel(String v) {
        this.minLevel = v;
        return this;
    }

    /** Sets {@code callIdKey}. */
    public CallLogAppenderBuilder setCallIdKey(String v) {
        this.callIdKey = v;
        return this;
    }

    /** Sets {@code agentIdKey}. */
    public CallLogAppenderBuilder setAgentIdKey(String v) {
        this.agentIdKey = v;
        return this;
    }

    /** Sets {@code accountIdKey}. */
    public CallLogAppenderBuilder setAccountIdKey(String v) {
        this.accountIdKey = v;
        return this;
    }

    /** Sets {@code traceIdKey}. */
    public CallLogAppenderBuilder setTraceIdKey(String v) {
        this.traceIdKey = v;
        return this;
    }

    /** Sets {@code turnIdKey}. */
    public CallLogAppenderBuilder setTurnIdKey(String v) {
        this.turnIdKey = v;
        return this;
    }

    /** Sets {@code mdcDataKeys}. */
    public CallLogAppenderBuilder setMdcDataKeys(String v) {
        this.mdcDataKeys = v;
        return this;
    }

    /** Sets {@code events}. */
    public CallLogAppenderBuilder setEvents(String v) {
        this.events = v;
        return this;
    }

    /** Sets {@code redact}. */
    public CallLogAppenderBuilder setRedact(boolean v) {
        this.redact = String.valueOf(v);
        return this;
    }

    /** Sets {@code internalHostPatterns}. */
    public CallLogAppenderBuilder setInternalHostPatterns(String v) {
        this.internalHostPatterns = v;
        return this;
    }

    /** Sets {@code redactPatterns}. */
    public CallLogAppenderBuilder setRedactPatterns(String v) {
        this.redactPatterns = v;
        return this;
    }

    /** Sets {@code redactPresets}. */
    public CallLogAppenderBuilder setRedactPresets(String v) {
        this.redactPresets = v;
        return this;
    }

    /** Sets {@code redactKeys}. */
    public CallLogAppenderBuilder setRedactKeys(String v) {
        this.redactKeys = v;
        return this;
    }

    /** Sets {@code redactHashSecret}. */
    public CallLogAppenderBuilder setRedactHashSecret(String v) {
        this.redactHashSecret = v;
        return this;
    }

    /** Sets {@code lossesToConsole}. */
    public CallLogAppenderBuilder setLossesToConsole(boolean v) {
        this.lossesToConsole = String.valueOf(v);
        return this;
    }

    /** Sets {@code measureKeys}. */
    public CallLogAppenderBuilder setMeasureKeys(String v) {
        this.measureKeys = v;
        return this;
    }

    /** Sets {@code labelKeys}. */
    public CallLogAppenderBuilder setLabelKeys(String v) {
        this.labelKeys = v;
        return this;
    }

    /** Sets {@code maxMessageChars}. */
    public CallLogAppenderBuilder setMaxMessageChars(int v) {
        this.maxMessageChars = String.valueOf(v);
        return this;
    }

    /** Sets {@code bufferBytes}. */
    public CallLogAppenderBuilder setBufferBytes(long v) {
        this.bufferBytes = String.valueOf(v);
        return this;
    }

    /** Sets {@code batchMaxEvents}. */
    public CallLogAppenderBuilder setBatchMaxEvents(int v) {
        this.batchMaxEvents = String.valueOf(v);
        return this;
    }

    /** Sets {@code batchMaxBytes}. */
    public CallLogAppenderBuilder setBatchMaxBytes(int v) {
        this.batchMaxBytes = String.valueOf(v);
        return this;
    }

    /** Sets {@code lingerMillis}. */
    public CallLogAppenderBuilder setLingerMillis(long v) {
        this.lingerMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code gzip}. */
    public CallLogAppenderBuilder setGzip(boolean v) {
        this.gzip = String.valueOf(v);
        return this;
    }

    /** Sets {@code connectTimeoutMillis}. */
    public CallLogAppenderBuilder setConnectTimeoutMillis(long v) {
        this.connectTimeoutMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code requestTimeoutMillis}. */
    public CallLogAppenderBuilder setRequestTimeoutMillis(long v) {
        this.requestTimeoutMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code maxRetries}. */
    public CallLogAppenderBuilder setMaxRetries(int v) {
        this.maxRetries = String.valueOf(v);
        return this;
    }

    /** Sets {@code initialBackoffMillis}. */
    public CallLogAppenderBuilder setInitialBackoffMillis(long v) {
        this.initialBackoffMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code maxBackoffMillis}. */
    public CallLogAppenderBuilder setMaxBackoffMillis(long v) {
        this.maxBackoffMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code retryTimeoutMillis}. */
    public CallLogAppenderBuilder setRetryTimeoutMillis(long v) {
        this.retryTimeoutMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code shutdownTimeoutMillis}. */
    public CallLogAppenderBuilder setShutdownTimeoutMillis(long v) {
        this.shutdownTimeoutMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code deadLetterFile}. */
    public CallLogAppenderBuilder setDeadLetterFile(String v) {
        this.deadLetterFile = v;
        return this;
    }

    /** Sets {@code deadLetterMaxBytes}. */
    public CallLogAppenderBuilder setDeadLetterMaxBytes(long v) {
        this.deadLetterMaxBytes = String.valueOf(v);
        return this;
    }

    /** Sets {@code slf4jKeyValues}. */
    public CallLogAppenderBuilder setSlf4jKeyValues(boolean v) {
        this.slf4jKeyValues = String.valueOf(v);
        return this;
    }

    /** Sets {@code spoolDir}. */
    public CallLogAppenderBuilder setSpoolDir(String v) {
        this.spoolDir = v;
        return this;
    }

    /** Sets {@code spoolMaxBytes}. */
    public CallLogAppenderBuilder setSpoolMaxBytes(long v) {
        this.spoolMaxBytes = String.valueOf(v);
        return this;
    }

    /** Sets {@code spoolFsyncMillis}. */
    public CallLogAppenderBuilder setSpoolFsyncMillis(long v) {
        this.spoolFsyncMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code overflowPolicy}. */
    public CallLogAppenderBuilder setOverflowPolicy(String v) {
        this.overflowPolicy = v;
        return this;
    }

    /** Sets {@code blockTimeoutMillis}. */
    public CallLogAppenderBuilder setBlockTimeoutMillis(long v) {
        this.blockTimeoutMillis = String.valueOf(v);
        return this;
    }

    /** Sets {@code maxDocumentBytes}. */
    public CallLogAppenderBuilder setMaxDocumentBytes(int v) {
        this.maxDocumentBytes = String.valueOf(v);
        return this;
    }
}
