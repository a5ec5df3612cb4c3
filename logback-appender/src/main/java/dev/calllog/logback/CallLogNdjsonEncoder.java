package dev.calllog.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.NdjsonDocuments;
import dev.calllog.core.internal.status.StatusSink;
import java.util.List;

/**
 * Logback encoder that writes each call-log event as the document {@link CallLogAppender} would ship, one JSON
 * document per line (NDJSON), for a console or file appender whose output a collector (Fluent Bit, Data Prepper,
 * Vector) ships to OpenSearch.
 *
 * <pre>{@code
 * <appender name="CALLLOG_FILE" class="ch.qos.logback.core.FileAppender">
 *   <file>logs/calllog.ndjson</file>
 *   <encoder class="dev.calllog.logback.CallLogNdjsonEncoder"/>
 * </appender>
 * }</pre>
 *
 * <p>Every other event encodes to nothing (an empty array, which Logback's output-stream appenders do not write), so
 * the appender can sit on the root logger. The settings that shape a document are those of {@link CallLogAppender},
 * with the same names and defaults (those declared as shaping a document in {@link dev.calllog.core.internal.config.Settings});
 * the shipping settings do not apply. Invalid settings are reported through the
 * status manager, each naming its element, and the encoder does not start (then its appender does not either).
 */
public class CallLogNdjsonEncoder extends EncoderBase<ILoggingEvent> {
    private static final byte[] NOTHING = new byte[0];

    private final CallLogConfig config = new CallLogConfig();
    private volatile NdjsonDocuments documents;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        NdjsonDocuments d = NdjsonDocuments.start(config, new Status(), "Call-log encoder");
        if (d == null) {
            addError("Call-log encoder not started: fix the settings above.");
            return;
        }
        documents = d;
        super.start();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        List<?> markers = event.getMarkerList();
        NdjsonDocuments d = documents;
        if (markers == null || markers.isEmpty() || d == null) {
            return NOTHING;
        }
        return d.encode(event, LogbackEventReader.INSTANCE);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    /** What writes the lines, for its counters; {@code null} before start. */
    public NdjsonDocuments getDocuments() {
        return documents;
    }

    private final class Status implements StatusSink {
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
    }

    // ---- settings that shape a document: each delegates to CallLogConfig, where its default is documented ----

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

    /** Rules for data keys, comma-separated {@code key:rule}. See {@link CallLogConfig#addRedactKey(String)}. */
    public void setRedactKeys(String v) {
        config.addRedactKey(v);
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

    /** See {@link CallLogConfig#setMaxDocumentBytes(int)}. */
    public void setMaxDocumentBytes(int v) {
        config.setMaxDocumentBytes(v);
    }

    /** The settings as configured, for tests and tools. */
    public CallLogConfig getConfig() {
        return config;
    }
}
