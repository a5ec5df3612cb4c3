package dev.calllog.log4j2;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.core.status.StatusSink;
import dev.calllog.core.status.ThrottledStatus;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;

/**
 * Log4j 2 appender that turns call-log events into documents and ships them to an OpenSearch data stream: the Log4j
 * counterpart of the Logback appender, with the same settings, documents and guarantees.
 *
 * <pre>{@code
 * <CallLog name="CALLLOG" url="http://localhost:9200"/>
 * }</pre>
 *
 * <p>An event is a call-log event when it carries a marker named after a catalogue event ({@code call_completed},
 * {@code integration_tool_failed}, ...), directly or as a parent; every other event is ignored at once, without
 * allocating, so the appender can sit on the root logger. The ids come from the {@code ThreadContext}, the event's
 * data from a {@code MapMessage} or from SLF4J 2 key-values (see {@link Log4jEventReader}).
 *
 * <p>Logging never blocks and never throws: events are mapped on the caller's thread (so async loggers, whose events
 * are reused, are safe), buffered in memory and shipped in bulk by one background thread. The engine that does so lives
 * in a {@link CallLogManager} shared by the appenders with the same settings, so a configuration reload that keeps the
 * settings keeps the engine and its buffered events.
 *
 * <p>Every setting is an attribute with the name and default of {@link CallLogConfig}. When a setting is invalid, each
 * problem is reported through the {@code StatusLogger}, the rest of the configuration works, and this appender is not
 * started: it accepts no event, and the call-log events sent to it are counted and reported, throttled. (With
 * {@code ignoreExceptions="false"} Log4j itself throws for events sent to an appender that is not started.)
 */
@Plugin(
        name = CallLogAppender.PLUGIN_NAME,
        category = Core.CATEGORY_NAME,
        elementType = Appender.ELEMENT_TYPE,
        printObject = true)
public final class CallLogAppender extends AbstractAppender {
    /** The element name in a configuration: {@code <CallLog>}, or {@code type = CallLog} in properties. */
    public static final String PLUGIN_NAME = "CallLog";

    private final CallLogConfig config;
    private final LoggerContext loggerContext;
    private final StatusSink status;
    private final ThrottledStatus throttled;
    /**
     * With {@code slf4jKeyValues}: the ThreadContext keys the core reads as context, never taken for SLF4J key-values.
     * {@code null} otherwise: then no ThreadContext entry is ever taken for a key-value.
     */
    private final Log4jEventReader reader;

    private final LongAdder dropped = new LongAdder();
    /**
     * Set by a successful start; {@code null} before, and when the settings are invalid. Kept after stop: an event
     * still in flight during a reload reaches the engine, which the next configuration may share.
     */
    private volatile CallLogManager manager;

    private final AtomicBoolean released = new AtomicBoolean();

    private CallLogAppender(
            String name,
            Filter filter,
            boolean ignoreExceptions,
            Property[] properties,
            CallLogConfig config,
            LoggerContext loggerContext,
            boolean slf4jKeyValues) {
        super(name, filter, null, ignoreExceptions, properties);
        this.config = config;
        this.loggerContext = loggerContext;
        this.status = new StatusLoggerSink(name);
        this.throttled = new ThrottledStatus(status);
        this.reader = new Log4jEventReader(slf4jKeyValues ? contextKeys(config) : null);
    }

    /** The builder Log4j uses to create the appender from a configuration; also usable from code. */
    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Starts the engine for these settings, or joins the running one (configuration reload with the same settings).
     * When the settings are invalid the problems have been reported and the appender stays stopped.
     */
    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        CallLogManager m = CallLogManager.getManager(loggerContext, config, status, getName());
        if (!m.isRunning()) {
            m.stop(0, TimeUnit.MILLISECONDS);
            status.error("not started: fix the settings reported above. The call-log events sent to it are dropped"
                    + " and counted.");
            return;
        }
        manager = m;
        super.start();
    }

    /**
     * Stops the appender. The engine stops (delivering what it buffered, within {@code shutdownTimeoutMillis}) when no
     * other appender with the same settings still uses it.
     */
    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        CallLogManager m = manager;
        // Released once: a second release would take the reference of another appender sharing the manager.
        if (m != null && released.compareAndSet(false, true)) {
            stopped &= m.stop(timeout, timeUnit);
        }
        setStopped();
        return stopped;
    }

    @Override
    public void append(LogEvent event) {
        // Not a call-log event: nothing read, nothing allocated.
        if (event.getMarker() == null) {
            return;
        }
        CallLogManager m = manager;
        if (m == null) {
            dropped.increment();
            throttled.warn("not-started", "not started: call-log event dropped");
            return;
        }
        try {
            // The core reads everything it needs before append returns: the event may be reused afterwards.
            m.append(event, reader);
        } catch (RuntimeException | LinkageError e) {
            throttled.error("append", "could not take an event: " + e);
        }
    }

    /**
     * Waits until every event accepted so far is delivered or given up, at most {@code timeoutMillis}.
     *
     * @return whether all was settled in time; {@code false} when the appender never started
     */
    public boolean flush(long timeoutMillis) {
        CallLogManager m = manager;
        return m != null && m.flush(timeoutMillis);
    }

    /**
     * The shipping counters (offered, delivered, dropped by reason, buffered...) of the engine this appender feeds, or
     * {@code null} when the appender never started. An engine shared across a configuration reload keeps counting.
     */
    public ShippingMetrics.Snapshot getMetrics() {
        CallLogManager m = manager;
        return m == null ? null : m.metrics();
    }

    /** The settings as configured. */
    public CallLogConfig getConfig() {
        return config;
    }

    /** Call-log events dropped because the appender was not started. */
    long droppedEvents() {
        return dropped.sum();
    }

    CallLogManager manager() {
        return manager;
    }

    private static Set<String> contextKeys(CallLogConfig c) {
        Set<String> keys = new HashSet<>();
        keys.add(c.callIdKey());
        keys.add(c.agentIdKey());
        keys.add(c.accountIdKey());
        keys.add(c.traceIdKey());
        keys.add(c.turnIdKey());
        keys.addAll(c.mdcDataKeys());
        keys.remove(null);
        return Set.copyOf(keys);
    }

    /**
     * Builds a {@link CallLogAppender}. Each attribute is the {@link CallLogConfig} setting of the same name, with the
     * same default; unset attributes keep the default. Log4j converts the values: a number it cannot read is reported
     * (WARN, "Error while converting string") and the default kept; a boolean is {@code true} only when written
     * {@code true} (any case).
     */
    public static final class Builder extends AbstractAppender.Builder<Builder>
            implements org.apache.logging.log4j.core.util.Builder<CallLogAppender> {

        /**
         * Node URL(s), comma-separated. Default: the {@code OPENSEARCH_URL} environment variable, else {@value
         * CallLogConfig#DEFAULT_URL}.
         */
        @PluginBuilderAttribute
        private String url;

        /** Basic-auth user name. Default: none. */
        @PluginBuilderAttribute
        private String username;

        /** Basic-auth password. Default: none. */
        @PluginBuilderAttribute(sensitive = true)
        private String password;

        /** Trust store file for TLS to nodes with a private CA. Default: the JVM's trust store. */
        @PluginBuilderAttribute
        private String trustStore;

        /** Password of the trust store. Default: none. */
        @PluginBuilderAttribute(sensitive = true)
        private String trustStorePassword;

        /** Type of the trust store: {@code PKCS12} (default) or {@code JKS}. */
        @PluginBuilderAttribute
        private String trustStoreType = "PKCS12";

        /** Data stream the events are written to. Default: {@value CallLogConfig#DEFAULT_DATA_STREAM}. */
        @PluginBuilderAttribute
        private String dataStream = CallLogConfig.DEFAULT_DATA_STREAM;

        /** Whether the index template is installed (or upgraded) at start. Default: true. */
        @PluginBuilderAttribute
        private boolean installTemplates = CallLogConfig.DEFAULT_INSTALL_TEMPLATES;

        /** Lowest level shipped: TRACE, DEBUG, INFO (default), WARNING, ERROR or CRITICAL. */
        @PluginBuilderAttribute
        private String minLevel = CallLogConfig.DEFAULT_MIN_LEVEL.name();

        /** ThreadContext key of the call id. Default: {@value CallLogConfig#DEFAULT_CALL_ID_KEY}. */
        @PluginBuilderAttribute
        private String callIdKey = CallLogConfig.DEFAULT_CALL_ID_KEY;

        /** ThreadContext key of the agent id. Default: {@value CallLogConfig#DEFAULT_AGENT_ID_KEY}. */
        @PluginBuilderAttribute
        private String agentIdKey = CallLogConfig.DEFAULT_AGENT_ID_KEY;

        /** ThreadContext key of the account id. Default: {@value CallLogConfig#DEFAULT_ACCOUNT_ID_KEY}. */
        @PluginBuilderAttribute
        private String accountIdKey = CallLogConfig.DEFAULT_ACCOUNT_ID_KEY;

        /** ThreadContext key of the trace id. Default: {@value CallLogConfig#DEFAULT_TRACE_ID_KEY}. */
        @PluginBuilderAttribute
        private String traceIdKey = CallLogConfig.DEFAULT_TRACE_ID_KEY;

        /** ThreadContext key of the conversation turn id. Default: {@value CallLogConfig#DEFAULT_TURN_ID_KEY}. */
        @PluginBuilderAttribute
        private String turnIdKey = CallLogConfig.DEFAULT_TURN_ID_KEY;

        /** Further ThreadContext keys copied into {@code data}, comma-separated. Default: none. */
        @PluginBuilderAttribute
        private String mdcDataKeys;

        /**
         * Events beyond the built-in ones, {@code code:category:LEVEL} separated by {@code ;} (or nested {@code
         * <Event>} elements). Default: none.
         */
        @PluginBuilderAttribute
        private String events;

        /** Whether messages and error messages are redacted. Default: true. */
        @PluginBuilderAttribute
        private boolean redact = true;

        /**
         * Host-name patterns replaced by {@code [host]}, comma-separated. Default: {@value
         * CallLogConfig#DEFAULT_INTERNAL_HOST_PATTERNS}.
         */
        @PluginBuilderAttribute
        private String internalHostPatterns = CallLogConfig.DEFAULT_INTERNAL_HOST_PATTERNS;

        /**
         * One regular expression whose matches are replaced by {@code [redacted]} (join several with {@code |}, or use
         * nested {@code <RedactPattern>} elements). Default: none.
         */
        @PluginBuilderAttribute
        private String redactPatterns;

        /** Personal-data presets, comma-separated: phone, email, card, iban. Default: none. */
        @PluginBuilderAttribute
        private String redactPresets;

        /** Rules for data keys, {@code key:rule} with drop, mask or hash, comma-separated. Default: none. */
        @PluginBuilderAttribute
        private String redactKeys;

        /** The secret of the {@code hash} key rule (HMAC-SHA256). Default: none. */
        @PluginBuilderAttribute(sensitive = true)
        private String redactHashSecret;

        /** Whether lost events are also summed up on standard error when the StatusLogger would not show it. */
        @PluginBuilderAttribute
        private boolean lossesToConsole = true;

        /**
         * Top-level {@code data} keys whose numbers are also written to {@code measures} (aggregatable), comma-separated;
         * empty for none. Default: {@value CallLogConfig#DEFAULT_MEASURE_KEYS}.
         */
        @PluginBuilderAttribute
        private String measureKeys = CallLogConfig.DEFAULT_MEASURE_KEYS;

        /**
         * Top-level {@code data} keys whose strings, booleans and whole numbers are also written to {@code labels}
         * (aggregatable), comma-separated; empty for none. Default: {@value CallLogConfig#DEFAULT_LABEL_KEYS}.
         */
        @PluginBuilderAttribute
        private String labelKeys = CallLogConfig.DEFAULT_LABEL_KEYS;

        /** Longest message kept, in characters. Default: {@value CallLogConfig#DEFAULT_MAX_MESSAGE_CHARS}. */
        @PluginBuilderAttribute
        private int maxMessageChars = CallLogConfig.DEFAULT_MAX_MESSAGE_CHARS;

        /** Memory bound of the buffer, in bytes. Default: a quarter of the maximum heap, 64 MiB to 1 GiB. */
        @PluginBuilderAttribute
        private long bufferBytes = CallLogConfig.DEFAULT_BUFFER_BYTES;

        /** Largest number of events in one bulk request. Default: {@value CallLogConfig#DEFAULT_BATCH_MAX_EVENTS}. */
        @PluginBuilderAttribute
        private int batchMaxEvents = CallLogConfig.DEFAULT_BATCH_MAX_EVENTS;

        /** Largest uncompressed bulk body, in bytes. Default: 5 MiB. */
        @PluginBuilderAttribute
        private int batchMaxBytes = CallLogConfig.DEFAULT_BATCH_MAX_BYTES;

        /**
         * Longest time an event waits for its batch to fill, in ms. Default: {@value
         * CallLogConfig#DEFAULT_LINGER_MILLIS}.
         */
        @PluginBuilderAttribute
        private long lingerMillis = CallLogConfig.DEFAULT_LINGER_MILLIS;

        /** Whether bulk bodies are gzip-compressed. Default: true. */
        @PluginBuilderAttribute
        private boolean gzip = CallLogConfig.DEFAULT_GZIP;

        /**
         * Whether SLF4J 2 {@code addKeyValue} pairs logged through {@code log4j-slf4j2-impl} are shipped as data. That
         * bridge carries them as ThreadContext entries, so with this on, every ThreadContext entry other than the ids
         * and {@code mdcDataKeys} present during a fluent SLF4J call is shipped as data too (and, because Log4j reuses
         * a thread's {@code LogBuilder} with the bridge's entry point, during later Log4j API {@code atLevel()} calls
         * on that thread). Default: false: no ThreadContext entry is ever data; log data through {@code MapMessage}.
         */
        @PluginBuilderAttribute
        private boolean slf4jKeyValues;

        /** Connect timeout, in ms. Default: {@value CallLogConfig#DEFAULT_CONNECT_TIMEOUT_MILLIS}. */
        @PluginBuilderAttribute
        private long connectTimeoutMillis = CallLogConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS;

        /** Response timeout of one request, in ms. Default: {@value CallLogConfig#DEFAULT_REQUEST_TIMEOUT_MILLIS}. */
        @PluginBuilderAttribute
        private long requestTimeoutMillis = CallLogConfig.DEFAULT_REQUEST_TIMEOUT_MILLIS;

        /** Retries of an item answered 429 or 5xx. Default: {@value CallLogConfig#DEFAULT_MAX_RETRIES}. */
        @PluginBuilderAttribute
        private int maxRetries = CallLogConfig.DEFAULT_MAX_RETRIES;

        /** First retry delay, in ms. Default: {@value CallLogConfig#DEFAULT_INITIAL_BACKOFF_MILLIS}. */
        @PluginBuilderAttribute
        private long initialBackoffMillis = CallLogConfig.DEFAULT_INITIAL_BACKOFF_MILLIS;

        /** Longest retry delay, in ms. Default: {@value CallLogConfig#DEFAULT_MAX_BACKOFF_MILLIS}. */
        @PluginBuilderAttribute
        private long maxBackoffMillis = CallLogConfig.DEFAULT_MAX_BACKOFF_MILLIS;

        /** Longest time a batch is retried while the cluster is unreachable, in ms. Default: 10 minutes. */
        @PluginBuilderAttribute
        private long retryTimeoutMillis = CallLogConfig.DEFAULT_RETRY_TIMEOUT_MILLIS;

        /** Longest time stopping waits to deliver buffered events, in ms. Default: 10 s. */
        @PluginBuilderAttribute
        private long shutdownTimeoutMillis = CallLogConfig.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;

        /**
         * File rejected documents are appended to; empty to only count them. Default: {@value
         * CallLogConfig#DEFAULT_DEAD_LETTER_FILE}.
         */
        @PluginBuilderAttribute
        private String deadLetterFile = CallLogConfig.DEFAULT_DEAD_LETTER_FILE;

        /** Largest size of the dead-letter file, in bytes. Default: 100 MiB. */
        @PluginBuilderAttribute
        private long deadLetterMaxBytes = CallLogConfig.DEFAULT_DEAD_LETTER_MAX_BYTES;

        // ---- reliability settings ----

        /** Directory of the disk spool; setting it turns the spool on. Default: none (off). */
        @PluginBuilderAttribute
        private String spoolDir;

        /** Largest size of the spool, in bytes. Default: 1 GiB. */
        @PluginBuilderAttribute
        private long spoolMaxBytes = CallLogConfig.DEFAULT_SPOOL_MAX_BYTES;

        /** How often the spool is synced to disk, in ms; 0 (default) after every batch written to it. */
        @PluginBuilderAttribute
        private long spoolFsyncMillis = CallLogConfig.DEFAULT_SPOOL_FSYNC_MILLIS;

        /** When the buffer or the spool is full: {@code dropNewest} (default), {@code dropOldest} or {@code block}. */
        @PluginBuilderAttribute
        private String overflowPolicy = CallLogConfig.DEFAULT_OVERFLOW_POLICY.setting();

        /**
         * Longest wait of a logging call for room under the {@code block} policy, in ms. Default: {@value
         * CallLogConfig#DEFAULT_BLOCK_TIMEOUT_MILLIS}.
         */
        @PluginBuilderAttribute
        private long blockTimeoutMillis = CallLogConfig.DEFAULT_BLOCK_TIMEOUT_MILLIS;

        /** Largest document shipped, in bytes. Default: 1 MiB. */
        @PluginBuilderAttribute
        private int maxDocumentBytes = CallLogConfig.DEFAULT_MAX_DOCUMENT_BYTES;

        /** Events beyond the built-in ones, as nested {@code <Event code=".." category=".." level=".."/>}. */
        @PluginElement("Event")
        private EventElement[] eventElements;

        /** Regular expressions to redact, as nested {@code <RedactPattern>regex</RedactPattern>}. */
        @PluginElement("RedactPattern")
        private RedactPatternElement[] redactPatternElements;

        private Builder() {}

        @Override
        public CallLogAppender build() {
            Configuration configuration = getConfiguration();
            return new CallLogAppender(
                    getName(),
                    getFilter(),
                    isIgnoreExceptions(),
                    getPropertyArray(),
                    toConfig(),
                    configuration == null ? null : configuration.getLoggerContext(),
                    slf4jKeyValues);
        }

        /** The settings, as the core takes them; validated when the appender starts. */
        CallLogConfig toConfig() {
            CallLogConfig c = new CallLogConfig();
            c.addUrl(url);
            c.setUsername(username);
            c.setPassword(password);
            c.setTrustStore(trustStore);
            c.setTrustStorePassword(trustStorePassword);
            c.setTrustStoreType(trustStoreType);
            c.setDataStream(dataStream);
            c.setInstallTemplates(installTemplates);
            c.setMinLevel(minLevel);
            c.setCallIdKey(callIdKey);
            c.setAgentIdKey(agentIdKey);
            c.setAccountIdKey(accountIdKey);
            c.setTraceIdKey(traceIdKey);
            c.setTurnIdKey(turnIdKey);
            c.addMdcDataKey(mdcDataKeys);
            c.addEvent(events);
            if (eventElements != null) {
                for (EventElement e : eventElements) {
                    if (e != null) {
                        c.addEvent(e.spec());
                    }
                }
            }
            c.setRedact(redact);
            c.setInternalHostPatterns(internalHostPatterns);
            c.addRedactPattern(redactPatterns);
            c.setRedactPresets(redactPresets);
            c.addRedactKey(redactKeys);
            c.setRedactHashSecret(redactHashSecret);
            c.setLossesToConsole(lossesToConsole);
            if (redactPatternElements != null) {
                for (RedactPatternElement p : redactPatternElements) {
                    if (p != null) {
                        c.addRedactPattern(p.regex());
                    }
                }
            }
            c.setMeasureKeys(measureKeys);
            c.setLabelKeys(labelKeys);
            c.setMaxMessageChars(maxMessageChars);
            c.setBufferBytes(bufferBytes);
            c.setBatchMaxEvents(batchMaxEvents);
            c.setBatchMaxBytes(batchMaxBytes);
            c.setLingerMillis(lingerMillis);
            c.setGzip(gzip);
            c.setConnectTimeoutMillis(connectTimeoutMillis);
            c.setRequestTimeoutMillis(requestTimeoutMillis);
            c.setMaxRetries(maxRetries);
            c.setInitialBackoffMillis(initialBackoffMillis);
            c.setMaxBackoffMillis(maxBackoffMillis);
            c.setRetryTimeoutMillis(retryTimeoutMillis);
            c.setShutdownTimeoutMillis(shutdownTimeoutMillis);
            c.setDeadLetterFile(deadLetterFile);
            c.setDeadLetterMaxBytes(deadLetterMaxBytes);
            c.setSpoolDir(spoolDir);
            c.setSpoolMaxBytes(spoolMaxBytes);
            c.setSpoolFsyncMillis(spoolFsyncMillis);
            c.setOverflowPolicy(overflowPolicy);
            c.setBlockTimeoutMillis(blockTimeoutMillis);
            c.setMaxDocumentBytes(maxDocumentBytes);
            return c;
        }

        /** Adds events beyond the built-in ones (nested {@code <Event>} elements). */
        public Builder setEventElements(EventElement... eventElements) {
            this.eventElements = eventElements;
            return this;
        }

        /** Adds regular expressions to redact (nested {@code <RedactPattern>} elements). */
        public Builder setRedactPatternElements(RedactPatternElement... redactPatternElements) {
            this.redactPatternElements = redactPatternElements;
            return this;
        }

        /** Sets {@code url}. */
        public Builder setUrl(String url) {
            this.url = url;
            return this;
        }

        /** Sets {@code username}. */
        public Builder setUsername(String username) {
            this.username = username;
            return this;
        }

        /** Sets {@code password}. */
        public Builder setPassword(String password) {
            this.password = password;
            return this;
        }

        /** Sets {@code trustStore}. */
        public Builder setTrustStore(String trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        /** Sets {@code trustStorePassword}. */
        public Builder setTrustStorePassword(String trustStorePassword) {
            this.trustStorePassword = trustStorePassword;
            return this;
        }

        /** Sets {@code trustStoreType}. */
        public Builder setTrustStoreType(String trustStoreType) {
            this.trustStoreType = trustStoreType;
            return this;
        }

        /** Sets {@code dataStream}. */
        public Builder setDataStream(String dataStream) {
            this.dataStream = dataStream;
            return this;
        }

        /** Sets {@code installTemplates}. */
        public Builder setInstallTemplates(boolean installTemplates) {
            this.installTemplates = installTemplates;
            return this;
        }

        /** Sets {@code minLevel}. */
        public Builder setMinLevel(String minLevel) {
            this.minLevel = minLevel;
            return this;
        }

        /** Sets {@code callIdKey}. */
        public Builder setCallIdKey(String callIdKey) {
            this.callIdKey = callIdKey;
            return this;
        }

        /** Sets {@code agentIdKey}. */
        public Builder setAgentIdKey(String agentIdKey) {
            this.agentIdKey = agentIdKey;
            return this;
        }

        /** Sets {@code accountIdKey}. */
        public Builder setAccountIdKey(String accountIdKey) {
            this.accountIdKey = accountIdKey;
            return this;
        }

        /** Sets {@code traceIdKey}. */
        public Builder setTraceIdKey(String traceIdKey) {
            this.traceIdKey = traceIdKey;
            return this;
        }

        /** Sets {@code turnIdKey}. */
        public Builder setTurnIdKey(String turnIdKey) {
            this.turnIdKey = turnIdKey;
            return this;
        }

        /** Sets {@code mdcDataKeys}. */
        public Builder setMdcDataKeys(String mdcDataKeys) {
            this.mdcDataKeys = mdcDataKeys;
            return this;
        }

        /** Sets {@code events}. */
        public Builder setEvents(String events) {
            this.events = events;
            return this;
        }

        /** Sets {@code redact}. */
        public Builder setRedact(boolean redact) {
            this.redact = redact;
            return this;
        }

        /** Sets {@code internalHostPatterns}. */
        public Builder setInternalHostPatterns(String internalHostPatterns) {
            this.internalHostPatterns = internalHostPatterns;
            return this;
        }

        /** Sets {@code redactPatterns}. */
        public Builder setRedactPatterns(String redactPatterns) {
            this.redactPatterns = redactPatterns;
            return this;
        }

        /** Sets {@code redactPresets}. */
        public Builder setRedactPresets(String redactPresets) {
            this.redactPresets = redactPresets;
            return this;
        }

        /** Sets {@code redactKeys}. */
        public Builder setRedactKeys(String redactKeys) {
            this.redactKeys = redactKeys;
            return this;
        }

        /** Sets {@code lossesToConsole}. */
        public Builder setLossesToConsole(boolean lossesToConsole) {
            this.lossesToConsole = lossesToConsole;
            return this;
        }

        /** Sets {@code redactHashSecret}. */
        public Builder setRedactHashSecret(String redactHashSecret) {
            this.redactHashSecret = redactHashSecret;
            return this;
        }

        /** Sets {@code measureKeys}. */
        public Builder setMeasureKeys(String measureKeys) {
            this.measureKeys = measureKeys;
            return this;
        }

        /** Sets {@code labelKeys}. */
        public Builder setLabelKeys(String labelKeys) {
            this.labelKeys = labelKeys;
            return this;
        }

        /** Sets {@code maxMessageChars}. */
        public Builder setMaxMessageChars(int maxMessageChars) {
            this.maxMessageChars = maxMessageChars;
            return this;
        }

        /** Sets {@code bufferBytes}. */
        public Builder setBufferBytes(long bufferBytes) {
            this.bufferBytes = bufferBytes;
            return this;
        }

        /** Sets {@code batchMaxEvents}. */
        public Builder setBatchMaxEvents(int batchMaxEvents) {
            this.batchMaxEvents = batchMaxEvents;
            return this;
        }

        /** Sets {@code batchMaxBytes}. */
        public Builder setBatchMaxBytes(int batchMaxBytes) {
            this.batchMaxBytes = batchMaxBytes;
            return this;
        }

        /** Sets {@code lingerMillis}. */
        public Builder setLingerMillis(long lingerMillis) {
            this.lingerMillis = lingerMillis;
            return this;
        }

        /** Sets {@code gzip}. */
        public Builder setGzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /** Sets {@code slf4jKeyValues}. */
        public Builder setSlf4jKeyValues(boolean slf4jKeyValues) {
            this.slf4jKeyValues = slf4jKeyValues;
            return this;
        }

        /** Sets {@code connectTimeoutMillis}. */
        public Builder setConnectTimeoutMillis(long connectTimeoutMillis) {
            this.connectTimeoutMillis = connectTimeoutMillis;
            return this;
        }

        /** Sets {@code requestTimeoutMillis}. */
        public Builder setRequestTimeoutMillis(long requestTimeoutMillis) {
            this.requestTimeoutMillis = requestTimeoutMillis;
            return this;
        }

        /** Sets {@code maxRetries}. */
        public Builder setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Sets {@code initialBackoffMillis}. */
        public Builder setInitialBackoffMillis(long initialBackoffMillis) {
            this.initialBackoffMillis = initialBackoffMillis;
            return this;
        }

        /** Sets {@code maxBackoffMillis}. */
        public Builder setMaxBackoffMillis(long maxBackoffMillis) {
            this.maxBackoffMillis = maxBackoffMillis;
            return this;
        }

        /** Sets {@code retryTimeoutMillis}. */
        public Builder setRetryTimeoutMillis(long retryTimeoutMillis) {
            this.retryTimeoutMillis = retryTimeoutMillis;
            return this;
        }

        /** Sets {@code shutdownTimeoutMillis}. */
        public Builder setShutdownTimeoutMillis(long shutdownTimeoutMillis) {
            this.shutdownTimeoutMillis = shutdownTimeoutMillis;
            return this;
        }

        /** Sets {@code deadLetterFile}. */
        public Builder setDeadLetterFile(String deadLetterFile) {
            this.deadLetterFile = deadLetterFile;
            return this;
        }

        /** Sets {@code deadLetterMaxBytes}. */
        public Builder setDeadLetterMaxBytes(long deadLetterMaxBytes) {
            this.deadLetterMaxBytes = deadLetterMaxBytes;
            return this;
        }

        /** Sets {@code spoolDir}. */
        public Builder setSpoolDir(String spoolDir) {
            this.spoolDir = spoolDir;
            return this;
        }

        /** Sets {@code spoolMaxBytes}. */
        public Builder setSpoolMaxBytes(long spoolMaxBytes) {
            this.spoolMaxBytes = spoolMaxBytes;
            return this;
        }

        /** Sets {@code spoolFsyncMillis}. */
        public Builder setSpoolFsyncMillis(long spoolFsyncMillis) {
            this.spoolFsyncMillis = spoolFsyncMillis;
            return this;
        }

        /** Sets {@code overflowPolicy}. */
        public Builder setOverflowPolicy(String overflowPolicy) {
            this.overflowPolicy = overflowPolicy;
            return this;
        }

        /** Sets {@code blockTimeoutMillis}. */
        public Builder setBlockTimeoutMillis(long blockTimeoutMillis) {
            this.blockTimeoutMillis = blockTimeoutMillis;
            return this;
        }

        /** Sets {@code maxDocumentBytes}. */
        public Builder setMaxDocumentBytes(int maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }
    }
}
