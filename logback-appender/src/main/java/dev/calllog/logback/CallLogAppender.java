package dev.calllog.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.calllog.core.CallLogEngine;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.status.StatusSink;
import java.util.List;

/**
 * Logback appender that turns call-log events into documents and ships them to an OpenSearch data stream.
 *
 * <p>An event is a call-log event when it carries a marker named after a catalogue event ({@code call_completed},
 * {@code integration_tool_failed}, ...); every other event is ignored at once, so the appender can sit on the root
 * logger. The call id and the other ids come from the MDC, the event's data from its SLF4J key-values.
 *
 * <pre>{@code
 * <appender name="CALLLOG" class="dev.calllog.logback.CallLogAppender">
 *   <url>http://localhost:9200</url>
 * </appender>
 * }</pre>
 *
 * <p>Logging never blocks (unless {@code overflowPolicy} is {@code block}) and never throws: events are mapped on the
 * caller's thread, buffered in memory (bounded by {@code bufferBytes}) and shipped in bulk by one background thread,
 * which writes them to a disk spool while the cluster cannot take them when {@code spoolDir} is set. The counters are on
 * JMX as {@code dev.calllog:type=CallLogAppender,name=<appender name>}. Every setting is described, with its default, in
 * {@link CallLogConfig}; problems are reported through Logback's status manager.
 */
public class CallLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final CallLogConfig config = new CallLogConfig();
    private volatile CallLogEngine engine;
    /** This appender's own: it remembers, per thread, the MDC map its buffer already counts. */
    private final LogbackEventReader reader = new LogbackEventReader();

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        CallLogEngine e = new CallLogEngine(config, new LogbackStatusSink(), getName());
        if (!e.start()) {
            addError("Call-log appender [" + getName() + "] not started: fix the settings above.");
            return;
        }
        engine = e;
        super.start();
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        CallLogEngine e = engine;
        if (e != null) {
            e.stop();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Fast exit for the events this appender is not for: no marker, no call-log event.
        List<?> markers = event.getMarkerList();
        if (markers == null || markers.isEmpty()) {
            return;
        }
        CallLogEngine e = engine;
        if (e != null) {
            e.append(event, reader);
        }
    }

    /**
     * Waits until every event accepted so far is delivered or accounted for, at most {@code timeoutMillis}.
     *
     * @return whether all was settled in time
     */
    public boolean flush(long timeoutMillis) {
        CallLogEngine e = engine;
        return e == null || e.flush(timeoutMillis);
    }

    /** The engine behind this appender, for metrics; {@code null} before start. */
    public CallLogEngine getEngine() {
        return engine;
    }

    private final class LogbackStatusSink implements StatusSink {
        @Override
        public void info(String message) {
            addInfo(message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            addWarn(message, cause);
        }

        @Override
        public void error(String message, Throwable cause) {
            addError(message, cause);
        }

        @Override
        public boolean printsWarnings() {
            // Without a console status listener, Logback keeps run-time warnings in memory and prints nothing.
            try {
                return getContext().getStatusManager().getCopyOfStatusListenerList().stream()
                        .anyMatch(l -> l instanceof ch.qos.logback.core.status.OnConsoleStatusListener);
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    // ---- settings: each delegates to CallLogConfig, where its default and meaning are documented ----

    /** Node URL(s), comma-separated or repeated. See {@link CallLogConfig#addUrl(String)}. */
    public void addUrl(String url) {
        config.addUrl(url);
    }

    /** Same as {@link #addUrl(String)}, for {@code <urls>a,b</urls>}. */
    public void setUrls(String urls) {
        config.addUrl(urls);
    }

    /** See {@link CallLogConfig#setUsername(String)}. */
    public void setUsername(String v) {
        config.setUsername(v);
    }

    /** See {@link CallLogConfig#setPassword(String)}. */
    public void setPassword(String v) {
        config.setPassword(v);
    }

    /** See {@link CallLogConfig#setTrustStore(String)}. */
    public void setTrustStore(String v) {
        config.setTrustStore(v);
    }

    /** See {@link CallLogConfig#setTrustStorePassword(String)}. */
    public void setTrustStorePassword(String v) {
        config.setTrustStorePassword(v);
    }

    /** See {@link CallLogConfig#setTrustStoreType(String)}. */
    public void setTrustStoreType(String v) {
        config.setTrustStoreType(v);
    }

    /** See {@link CallLogConfig#setPasswordFile(String)}. */
    public void setPasswordFile(String v) {
        config.setPasswordFile(v);
    }

    /** See {@link CallLogConfig#setApiKey(String)}. */
    public void setApiKey(String v) {
        config.setApiKey(v);
    }

    /** See {@link CallLogConfig#setApiKeyFile(String)}. */
    public void setApiKeyFile(String v) {
        config.setApiKeyFile(v);
    }

    /** See {@link CallLogConfig#setBearerToken(String)}. */
    public void setBearerToken(String v) {
        config.setBearerToken(v);
    }

    /** See {@link CallLogConfig#setBearerTokenFile(String)}. */
    public void setBearerTokenFile(String v) {
        config.setBearerTokenFile(v);
    }

    /** See {@link CallLogConfig#setCaFile(String)}. */
    public void setCaFile(String v) {
        config.setCaFile(v);
    }

    /** See {@link CallLogConfig#setKeyStore(String)}. */
    public void setKeyStore(String v) {
        config.setKeyStore(v);
    }

    /** See {@link CallLogConfig#setKeyStorePassword(String)}. */
    public void setKeyStorePassword(String v) {
        config.setKeyStorePassword(v);
    }

    /** See {@link CallLogConfig#setKeyStoreType(String)}. */
    public void setKeyStoreType(String v) {
        config.setKeyStoreType(v);
    }

    /** See {@link CallLogConfig#setClientCertFile(String)}. */
    public void setClientCertFile(String v) {
        config.setClientCertFile(v);
    }

    /** See {@link CallLogConfig#setClientKeyFile(String)}. */
    public void setClientKeyFile(String v) {
        config.setClientKeyFile(v);
    }

    /** See {@link CallLogConfig#setClientKeyPassword(String)}. */
    public void setClientKeyPassword(String v) {
        config.setClientKeyPassword(v);
    }

    /** See {@link CallLogConfig#setProxy(String)}. */
    public void setProxy(String v) {
        config.setProxy(v);
    }

    /** See {@link CallLogConfig#setProxyUsername(String)}. */
    public void setProxyUsername(String v) {
        config.setProxyUsername(v);
    }

    /** See {@link CallLogConfig#setProxyPassword(String)}. */
    public void setProxyPassword(String v) {
        config.setProxyPassword(v);
    }

    /** See {@link CallLogConfig#setAwsRegion(String)}. */
    public void setAwsRegion(String v) {
        config.setAwsRegion(v);
    }

    /** See {@link CallLogConfig#setAwsService(String)}. */
    public void setAwsService(String v) {
        config.setAwsService(v);
    }

    /** See {@link CallLogConfig#addHeader(String)}: {@code <header>X-Tenant: blue</header>}, repeatable. */
    public void addHeader(String v) {
        config.addHeader(v);
    }

    /** See {@link CallLogConfig#setDataStream(String)}. */
    public void setDataStream(String v) {
        config.setDataStream(v);
    }

    /** See {@link CallLogConfig#setInstallTemplates(boolean)}. */
    public void setInstallTemplates(boolean v) {
        config.setInstallTemplates(v);
    }

    /** See {@link CallLogConfig#setMinLevel(String)}. */
    public void setMinLevel(String v) {
        config.setMinLevel(v);
    }

    /** See {@link CallLogConfig#setCallIdKey(String)}. */
    public void setCallIdKey(String v) {
        config.setCallIdKey(v);
    }

    /** See {@link CallLogConfig#setAgentIdKey(String)}. */
    public void setAgentIdKey(String v) {
        config.setAgentIdKey(v);
    }

    /** See {@link CallLogConfig#setAccountIdKey(String)}. */
    public void setAccountIdKey(String v) {
        config.setAccountIdKey(v);
    }

    /** See {@link CallLogConfig#setTraceIdKey(String)}. */
    public void setTraceIdKey(String v) {
        config.setTraceIdKey(v);
    }

    /** See {@link CallLogConfig#setTurnIdKey(String)}. */
    public void setTurnIdKey(String v) {
        config.setTurnIdKey(v);
    }

    /** An MDC key copied into {@code data}; repeatable. See {@link CallLogConfig#addMdcDataKey(String)}. */
    public void addMdcDataKey(String v) {
        config.addMdcDataKey(v);
    }

    /** Comma-separated MDC keys copied into {@code data}. See {@link CallLogConfig#addMdcDataKey(String)}. */
    public void setMdcDataKeys(String v) {
        config.addMdcDataKey(v);
    }

    /** A user event, {@code code:category:LEVEL}; repeatable. See {@link CallLogConfig#addEvent(String)}. */
    public void addEvent(String v) {
        config.addEvent(v);
    }

    /** User events, {@code ;}-separated. See {@link CallLogConfig#addEvent(String)}. */
    public void setEvents(String v) {
        config.addEvent(v);
    }

    /** See {@link CallLogConfig#setRedact(boolean)}. */
    public void setRedact(boolean v) {
        config.setRedact(v);
    }

    /** See {@link CallLogConfig#setInternalHostPatterns(String)}. */
    public void setInternalHostPatterns(String v) {
        config.setInternalHostPatterns(v);
    }

    /** A redaction regex; repeatable. See {@link CallLogConfig#addRedactPattern(String)}. */
    public void addRedactPattern(String v) {
        config.addRedactPattern(v);
    }

    /** Personal-data presets, comma-separated. See {@link CallLogConfig#setRedactPresets(String)}. */
    public void setRedactPresets(String v) {
        config.setRedactPresets(v);
    }

    /** Rules for data keys, {@code key:rule}; repeatable. See {@link CallLogConfig#addRedactKey(String)}. */
    public void addRedactKey(String v) {
        config.addRedactKey(v);
    }

    /** Rules for data keys, comma-separated. See {@link CallLogConfig#addRedactKey(String)}. */
    public void setRedactKeys(String v) {
        config.addRedactKey(v);
    }

    /** See {@link CallLogConfig#setLossesToConsole(boolean)}. */
    public void setLossesToConsole(boolean v) {
        config.setLossesToConsole(v);
    }

    /** The secret of the {@code hash} key rule. See {@link CallLogConfig#setRedactHashSecret(String)}. */
    public void setRedactHashSecret(String v) {
        config.setRedactHashSecret(v);
    }

    /** A measure key, or several comma-separated; repeatable. See {@link CallLogConfig#addMeasureKey(String)}. */
    public void addMeasureKey(String v) {
        config.addMeasureKey(v);
    }

    /** Comma-separated measure keys, replacing the defaults. See {@link CallLogConfig#setMeasureKeys(String)}. */
    public void setMeasureKeys(String v) {
        config.setMeasureKeys(v);
    }

    /** A label key, or several comma-separated; repeatable. See {@link CallLogConfig#addLabelKey(String)}. */
    public void addLabelKey(String v) {
        config.addLabelKey(v);
    }

    /** Comma-separated label keys, replacing the defaults. See {@link CallLogConfig#setLabelKeys(String)}. */
    public void setLabelKeys(String v) {
        config.setLabelKeys(v);
    }

    /** See {@link CallLogConfig#setMaxMessageChars(int)}. */
    public void setMaxMessageChars(int v) {
        config.setMaxMessageChars(v);
    }

    /** See {@link CallLogConfig#setBufferBytes(long)}. */
    public void setBufferBytes(long v) {
        config.setBufferBytes(v);
    }

    /** See {@link CallLogConfig#setBatchMaxEvents(int)}. */
    public void setBatchMaxEvents(int v) {
        config.setBatchMaxEvents(v);
    }

    /** See {@link CallLogConfig#setBatchMaxBytes(int)}. */
    public void setBatchMaxBytes(int v) {
        config.setBatchMaxBytes(v);
    }

    /** See {@link CallLogConfig#setLingerMillis(long)}. */
    public void setLingerMillis(long v) {
        config.setLingerMillis(v);
    }

    /** See {@link CallLogConfig#setGzip(boolean)}. */
    public void setGzip(boolean v) {
        config.setGzip(v);
    }

    /** See {@link CallLogConfig#setConnectTimeoutMillis(long)}. */
    public void setConnectTimeoutMillis(long v) {
        config.setConnectTimeoutMillis(v);
    }

    /** See {@link CallLogConfig#setRequestTimeoutMillis(long)}. */
    public void setRequestTimeoutMillis(long v) {
        config.setRequestTimeoutMillis(v);
    }

    /** See {@link CallLogConfig#setMaxRetries(int)}. */
    public void setMaxRetries(int v) {
        config.setMaxRetries(v);
    }

    /** See {@link CallLogConfig#setInitialBackoffMillis(long)}. */
    public void setInitialBackoffMillis(long v) {
        config.setInitialBackoffMillis(v);
    }

    /** See {@link CallLogConfig#setMaxBackoffMillis(long)}. */
    public void setMaxBackoffMillis(long v) {
        config.setMaxBackoffMillis(v);
    }

    /** See {@link CallLogConfig#setRetryTimeoutMillis(long)}. */
    public void setRetryTimeoutMillis(long v) {
        config.setRetryTimeoutMillis(v);
    }

    /** See {@link CallLogConfig#setShutdownTimeoutMillis(long)}. */
    public void setShutdownTimeoutMillis(long v) {
        config.setShutdownTimeoutMillis(v);
    }

    /** See {@link CallLogConfig#setDeadLetterFile(String)}. */
    public void setDeadLetterFile(String v) {
        config.setDeadLetterFile(v);
    }

    /** See {@link CallLogConfig#setDeadLetterMaxBytes(long)}. */
    public void setDeadLetterMaxBytes(long v) {
        config.setDeadLetterMaxBytes(v);
    }

    // ---- reliability settings ----

    /** See {@link CallLogConfig#setSpoolDir(String)}. */
    public void setSpoolDir(String v) {
        config.setSpoolDir(v);
    }

    /** See {@link CallLogConfig#setSpoolMaxBytes(long)}. */
    public void setSpoolMaxBytes(long v) {
        config.setSpoolMaxBytes(v);
    }

    /** See {@link CallLogConfig#setSpoolFsyncMillis(long)}. */
    public void setSpoolFsyncMillis(long v) {
        config.setSpoolFsyncMillis(v);
    }

    /** See {@link CallLogConfig#setOverflowPolicy(String)}. */
    public void setOverflowPolicy(String v) {
        config.setOverflowPolicy(v);
    }

    /** See {@link CallLogConfig#setBlockTimeoutMillis(long)}. */
    public void setBlockTimeoutMillis(long v) {
        config.setBlockTimeoutMillis(v);
    }

    /** See {@link CallLogConfig#setMaxDocumentBytes(int)}. */
    public void setMaxDocumentBytes(int v) {
        config.setMaxDocumentBytes(v);
    }

    /** The settings as configured, for tests and tools. */
    public CallLogConfig getConfig() {
        return config;
    }
}
