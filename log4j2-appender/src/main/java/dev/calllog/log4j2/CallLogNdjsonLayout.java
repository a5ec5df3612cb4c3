package dev.calllog.log4j2;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.NdjsonDocuments;
import java.lang.reflect.Field;
import java.util.List;
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
     * Builds a {@link CallLogNdjsonLayout}. Each attribute is the {@code CallLog} appender's attribute of the same name:
     * kept as written and converted through its declaration in {@link dev.calllog.core.internal.config.Settings}, so that
     * defaults, conversion and error messages are the appender's.
     */
    public static final class Builder implements org.apache.logging.log4j.core.util.Builder<CallLogNdjsonLayout> {
        @PluginConfiguration
        private Configuration configuration;

        @PluginBuilderAttribute
        private String minLevel;

        @PluginBuilderAttribute
        private String callIdKey;

        @PluginBuilderAttribute
        private String agentIdKey;

        @PluginBuilderAttribute
        private String accountIdKey;

        @PluginBuilderAttribute
        private String traceIdKey;

        @PluginBuilderAttribute
        private String turnIdKey;

        @PluginBuilderAttribute
        private String mdcDataKeys;

        @PluginBuilderAttribute
        private String events;

        @PluginBuilderAttribute
        private String redact;

        @PluginBuilderAttribute
        private String internalHostPatterns;

        @PluginBuilderAttribute
        private String redactPatterns;

        @PluginBuilderAttribute
        private String redactPresets;

        @PluginBuilderAttribute
        private String redactKeys;

        @PluginBuilderAttribute(sensitive = true)
        private String redactHashSecret;

        @PluginBuilderAttribute
        private String measureKeys;

        @PluginBuilderAttribute
        private String labelKeys;

        @PluginBuilderAttribute
        private String maxMessageChars;

        @PluginBuilderAttribute
        private String maxDocumentBytes;

        @PluginBuilderAttribute
        private String slf4jKeyValues;

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
            Log4jEventReader reader = new Log4jEventReader(c.slf4jKeyValues() ? CallLogAppender.contextKeys(c) : null);
            return new CallLogNdjsonLayout(configuration, documents, reader);
        }

        /** The settings, as the core takes them: the attributes set, then the nested elements. */
        CallLogConfig toConfig() {
            CallLogConfig c = new CallLogConfig();
            CallLogAppenderBuilder.applyAttributes(this, attributeFields(), c);
            CallLogAppenderBuilder.applyElements(c, eventElements, redactPatternElements);
            return c;
        }

        /** The attributes of this builder. */
        static List<Field> attributeFields() {
            return CallLogAppenderBuilder.attributeFields(List.of(Builder.class));
        }

        /** The configuration the layout belongs to. */
        public Builder setConfiguration(Configuration configuration) {
            this.configuration = configuration;
            return this;
        }

        /** Sets {@code minLevel}. */
        public Builder setMinLevel(String v) {
            this.minLevel = v;
            return this;
        }

        /** Sets {@code callIdKey}. */
        public Builder setCallIdKey(String v) {
            this.callIdKey = v;
            return this;
        }

        /** Sets {@code agentIdKey}. */
        public Builder setAgentIdKey(String v) {
            this.agentIdKey = v;
            return this;
        }

        /** Sets {@code accountIdKey}. */
        public Builder setAccountIdKey(String v) {
            this.accountIdKey = v;
            return this;
        }

        /** Sets {@code traceIdKey}. */
        public Builder setTraceIdKey(String v) {
            this.traceIdKey = v;
            return this;
        }

        /** Sets {@code turnIdKey}. */
        public Builder setTurnIdKey(String v) {
            this.turnIdKey = v;
            return this;
        }

        /** Sets {@code mdcDataKeys}. */
        public Builder setMdcDataKeys(String v) {
            this.mdcDataKeys = v;
            return this;
        }

        /** Sets {@code events}. */
        public Builder setEvents(String v) {
            this.events = v;
            return this;
        }

        /** Sets {@code redact}. */
        public Builder setRedact(boolean v) {
            this.redact = String.valueOf(v);
            return this;
        }

        /** Sets {@code internalHostPatterns}. */
        public Builder setInternalHostPatterns(String v) {
            this.internalHostPatterns = v;
            return this;
        }

        /** Sets {@code redactPatterns}. */
        public Builder setRedactPatterns(String v) {
            this.redactPatterns = v;
            return this;
        }

        /** Sets {@code redactPresets}. */
        public Builder setRedactPresets(String v) {
            this.redactPresets = v;
            return this;
        }

        /** Sets {@code redactKeys}. */
        public Builder setRedactKeys(String v) {
            this.redactKeys = v;
            return this;
        }

        /** Sets {@code redactHashSecret}. */
        public Builder setRedactHashSecret(String v) {
            this.redactHashSecret = v;
            return this;
        }

        /** Sets {@code measureKeys}. */
        public Builder setMeasureKeys(String v) {
            this.measureKeys = v;
            return this;
        }

        /** Sets {@code labelKeys}. */
        public Builder setLabelKeys(String v) {
            this.labelKeys = v;
            return this;
        }

        /** Sets {@code maxMessageChars}. */
        public Builder setMaxMessageChars(int v) {
            this.maxMessageChars = String.valueOf(v);
            return this;
        }

        /** Sets {@code maxDocumentBytes}. */
        public Builder setMaxDocumentBytes(int v) {
            this.maxDocumentBytes = String.valueOf(v);
            return this;
        }

        /** Sets {@code slf4jKeyValues}. */
        public Builder setSlf4jKeyValues(boolean v) {
            this.slf4jKeyValues = String.valueOf(v);
            return this;
        }
    }
}
