package dev.calllog.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.calllog.testsupport.conformance.CallLogConformanceSuite;
import dev.calllog.testsupport.conformance.CallLogDriver;
import dev.calllog.testsupport.conformance.LogCall;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/** The conformance suite through Logback and its SLF4J API. */
class LogbackConformanceIT extends CallLogConformanceSuite {

    @Override
    protected CallLogDriver driver() {
        return new LogbackDriver();
    }

    static final class LogbackDriver implements CallLogDriver {
        private LoggerContext context;
        private Logger log;

        @Override
        public void start(String url, String dataStream) throws Exception {
            context = new LoggerContext();
            context.setMDCAdapter(MDC.getMDCAdapter());
            context.putProperty("calllog.url", url);
            context.putProperty("calllog.dataStream", dataStream);
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogbackConformanceIT.class.getResource("/calllog-conformance.xml"));
            log = context.getLogger("voice.agent");
            if (!appender().isStarted()) {
                throw new IllegalStateException("appender not started");
            }
        }

        private CallLogAppender appender() {
            return (CallLogAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
        }

        @Override
        public void log(LogCall call) {
            call.context().forEach(MDC::put);
            try {
                LoggingEventBuilder b = log.atLevel(Level.valueOf(call.level().name()));
                call.markers().forEach(m -> b.addMarker(MarkerFactory.getMarker(m)));
                call.keyValues().forEach(b::addKeyValue);
                if (call.throwable() != null) {
                    b.setCause(call.throwable());
                }
                b.log(call.message());
            } finally {
                MDC.clear();
            }
        }

        @Override
        public boolean flush(long timeoutMillis) {
            return appender().flush(timeoutMillis);
        }

        @Override
        public void close() {
            if (context != null) {
                context.stop();
            }
        }
    }
}
