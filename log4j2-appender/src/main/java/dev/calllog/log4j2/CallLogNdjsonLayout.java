package dev.calllog.log4j2;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.mapping.NdjsonDocuments;
import java.util.Map;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.layout.AbstractLayout;

/**
 * Log4j layout that writes each call-log event as the document the {@code CallLog} appender would ship, one JSON
 * document per line (NDJSON), for a {@code Console} or {@code File} appender whose output a collector (Fluent Bit, Data
 * Prepper, Vector) ships to OpenSearch.
 *
 * <pre>{@code
 * <File name="CALLLOG_FILE" fileName="logs/calllog.ndjson">
 *   <CallLogNdjsonLayout/>
 * </File>
 * }</pre>
 *
 * <p>Every other event is laid out as nothing (an empty array), so the appender can sit on the root logger. The
 * attributes are the settings of the {@code CallLog} appender that shape a document, with the same names and defaults.
 * Invalid settings are reported through the {@code StatusLogger}, each naming its attribute, and the layout then writes
 * nothing.
 */
@Plugin(
        name = CallLogNdjsonLayout.PLUGIN_NAME,
        category = Node.CATEGORY,
        elementType = Layout.ELEMENT_TYPE,
        printObject = true)
public final class CallLogNdjsonLayout extends AbstractLayout<byte[]> {
    /** The element name in a configuration: {@code <CallLogNdjsonLayout/>}. */
    public static final String PLUGIN_NAME = "CallLogNdjsonLayout";

    /** The media type of NDJSON. */
    public static final String CONTENT_TYPE = "application/x-ndjson";

    private static final byte[] NOTHING = new byte[0];

    private final NdjsonDocuments documents;
    private final Log4jEventReader reader;

    private CallLogNdjsonLayout(Configuration configuration, NdjsonDocuments documents, Log4jEventReader reader) {
        super(configuration, null, null);
        this.documents = documents;
        this.reader = reader;
    }

    @PluginBuilderFactory
    public static Builder newBuilder() {
        return new Builder();
    }

    @Override
    public byte[] toByteArray(LogEvent event) {
        // Not a call-log event: nothing read, nothing allocated.
        if (event.getMarker() == null || documents == null) {
            return NOTHING;
        }
        // Read completely here: Log4j may reuse the event once this returns.
        return documents.encode(event, reader);
    }

    @Override
    public byte[] toSerializable(LogEvent event) {
        return toByteArray(event);
    }

    @Override
    public String getContentType() {
        return CONTENT_TYPE;
    }

    @Override
    public Map<String, String> getContentFormat() {
        return Map.of();
    }

    /** What writes the lines, for its counters; {@code null} when the settings were invalid. */
    public NdjsonDocuments documents() {
        return documents;
    }

    /**
     * Builds a {@link CallLogNdjsonLayout}. Each attribute is the {@code CallLog} appender's attribute of the same name,
     * with the same default.
     */
    public static final class Builder implements org.apache.logging.log4j.core.util.Builder<CallLogNdjsonLayout> {
        @PluginConfiguration
        private Configuration configuration;

        /** Lowest level written: TRACE, DEBUG, INFO (default), WARNING, ERROR or CRITICAL. */
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

        /** Events beyond the built-in ones, {@code code:category:LEVEL} separated by {@code ;}. Default: none. */
        @PluginBuilderAttribute
        private String events;

        /** Whether messages and the strings in {@code data} are redacted. Default: true. */
        @PluginBuilderAttribute
        private boolean redact = true;

        /** Host-name patterns replaced by {@code [host]}, comma-separated. */
        @PluginBuilderAttribute
        private String internalHostPatterns = CallLogConfig.DEFAULT_INTERNAL_HOST_PATTERNS;

        /** One regular expression whose matches are replaced by {@code [redacted]}. Default: none. */
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

        /** Top-level {@code data} keys also written to {@code measures}, comma-separated; empty for none. */
        @PluginBuilderAttribute
        private String measureKeys = CallLogConfig.DEFAULT_MEASURE_KEYS;

        /** Top-level {@code data} keys also written to {@code labels}, comma-separated; empty for none. */
        @PluginBuilderAttribute
        private String labelKeys = CallLogConfig.DEFAULT_LABEL_KEYS;

        /** Longest message kept, in characters. Default: {@value CallLogConfig#DEFAULT_MAX_MESSAGE_CHARS}. */
        @PluginBuilderAttribute
        private int maxMessageChars = CallLogConfig.DEFAULT_MAX_MESSAGE_CHARS;

        /** Largest document written, in bytes. Default: 1 MiB. */
        @PluginBuilderAttribute
        private int maxDocumentBytes = CallLogConfig.DEFAULT_MAX_DOCUMENT_BYTES;

        /** Whether SLF4J 2 key-values logged through {@code log4j-slf4j2-impl} are data, as for the appender. */
        @PluginBuilderAttribute
        private boolean slf4jKeyValues;

        /** Events beyond the built-in ones, as nested {@code <Event code=".." category=".." level=".."/>}. */
        @PluginElement("Event")
        private EventElement[] eventElements;

        /** Regular expressions to redact, as nested {@code <RedactPattern>regex</RedactPattern>}. */
        @PluginElement("RedactPattern")
        private RedactPatternElement[] redactPatternElements;

        private Builder() {}

        @Override
        public CallLogNdjsonLayout build() {
            CallLogConfig c = toConfig();
            NdjsonDocuments documents =
                    NdjsonDocuments.start(c, StatusLoggerSink.prefixed(PLUGIN_NAME + ": "), PLUGIN_NAME);
            Log4jEventReader reader = new Log4jEventReader(slf4jKeyValues ? CallLogAppender.contextKeys(c) : null);
            return new CallLogNdjsonLayout(configuration, documents, reader);
        }

        /** The settings, as the core takes them. */
        CallLogConfig toConfig() {
            CallLogConfig c = new CallLogConfig();
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
            if (redactPatternElements != null) {
                for (RedactPatternElement p : redactPatternElements) {
                    if (p != null) {
                        c.addRedactPattern(p.regex());
                    }
                }
            }
            c.setRedactPresets(redactPresets);
            c.addRedactKey(redactKeys);
            c.setRedactHashSecret(redactHashSecret);
            c.setMeasureKeys(measureKeys);
            c.setLabelKeys(labelKeys);
            c.setMaxMessageChars(maxMessageChars);
            c.setMaxDocumentBytes(maxDocumentBytes);
            return c;
        }

        /** The configuration the layout belongs to. */
        public Builder setConfiguration(Configuration configuration) {
            this.configuration = configuration;
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

        /** Sets {@code redactPresets}. */
        public Builder setRedactPresets(String redactPresets) {
            this.redactPresets = redactPresets;
            return this;
        }

        /** Sets {@code slf4jKeyValues}. */
        public Builder setSlf4jKeyValues(boolean slf4jKeyValues) {
            this.slf4jKeyValues = slf4jKeyValues;
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

        /** Sets {@code redactKeys}. */
        public Builder setRedactKeys(String redactKeys) {
            this.redactKeys = redactKeys;
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

        /** Sets {@code maxDocumentBytes}. */
        public Builder setMaxDocumentBytes(int maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
            return this;
        }
    }
}
