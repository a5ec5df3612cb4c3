package dev.calllog.demo;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.metrics.ShippingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging framework the demo's SLF4J calls run on, and the call-log appender it configured from its own file
 * ({@code logback.xml} or {@code calllog-demo-log4j2.xml}).
 */
abstract class DemoFramework {

    /** Selects the SLF4J provider; must run before the first logger lookup. */
    static DemoFramework select(String name) {
        // The demo chooses its provider on purpose: SLF4J need not announce it.
        System.setProperty("slf4j.internal.verbosity", "WARN");
        switch (name) {
            case "logback":
                System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
                // The HTTP client logs through commons-logging, which prefers the Log4j API when it is present (as
                // it is in this demo): route it to SLF4J, so that Log4j, and the call-log appender of its demo
                // configuration, never start as a side effect of the Logback appender's first connection.
                System.setProperty(
                        "org.apache.commons.logging.LogFactory", "org.apache.commons.logging.impl.Slf4jLogFactory");
                return new OnLogback();
            case "log4j2":
                System.setProperty("slf4j.provider", "org.apache.logging.slf4j.SLF4JServiceProvider");
                System.setProperty("log4j2.configurationFile", "calllog-demo-log4j2.xml");
                return new OnLog4j();
            default:
                throw new IllegalArgumentException("--framework must be logback or log4j2, not '" + name + "'");
        }
    }

    private CallLogConfig started;

    abstract String name();

    /** The started appender's settings (configuring the framework on first use), or null when it did not start. */
    final CallLogConfig appenderConfig() {
        if (started == null) {
            started = startedAppenderConfig();
        }
        return started;
    }

    /** The data stream the appender writes to. */
    final String dataStream() {
        return started == null ? "calllog-events" : started.dataStream();
    }

    /** The appender's settings, or null when it did not start (its framework reported why). */
    abstract CallLogConfig startedAppenderConfig();

    abstract boolean flush(long timeoutMillis);

    /**
     * Logs one simulated event with its own time, through the framework's root logger and so through the call-log
     * appender, as an application replaying recorded calls would: the SLF4J API has no way to give an event a time.
     */
    abstract void log(SimulatedEvent event);

    abstract ShippingMetrics.Snapshot metrics();

    /** Stops the framework: the appender delivers what is still buffered, within its shutdown timeout. */
    abstract void stop();

    private static final class OnLogback extends DemoFramework {
        private ch.qos.logback.classic.LoggerContext context;
        private dev.calllog.logback.CallLogAppender appender;

        @Override
        String name() {
            return "Logback";
        }

        @Override
        CallLogConfig startedAppenderConfig() {
            context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            appender = (dev.calllog.logback.CallLogAppender)
                    context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CALLLOG");
            return appender != null && appender.isStarted() ? appender.getConfig() : null;
        }

        @Override
        boolean flush(long timeoutMillis) {
            return appender.flush(timeoutMillis);
        }

        @Override
        void log(SimulatedEvent e) {
            Replay.onLogback(context.getLogger("voice.agent"), e);
        }

        @Override
        ShippingMetrics.Snapshot metrics() {
            return appender.getEngine().metrics();
        }

        @Override
        void stop() {
            context.stop();
        }
    }

    private static final class OnLog4j extends DemoFramework {
        private org.apache.logging.log4j.core.LoggerContext context;
        private dev.calllog.log4j2.CallLogAppender appender;

        @Override
        String name() {
            return "Log4j 2";
        }

        @Override
        CallLogConfig startedAppenderConfig() {
            LoggerFactory.getLogger(DemoFramework.class); // initialises Log4j through the SLF4J binding
            context = (org.apache.logging.log4j.core.LoggerContext)
                    org.apache.logging.log4j.LogManager.getContext(DemoFramework.class.getClassLoader(), false);
            appender = context.getConfiguration().getAppender("CALLLOG");
            return appender != null && appender.isStarted() ? appender.getConfig() : null;
        }

        @Override
        boolean flush(long timeoutMillis) {
            return appender.flush(timeoutMillis);
        }

        @Override
        void log(SimulatedEvent e) {
            Replay.onLog4j(context.getConfiguration().getRootLogger(), e);
        }

        @Override
        ShippingMetrics.Snapshot metrics() {
            return appender.getMetrics();
        }

        @Override
        void stop() {
            context.stop();
        }
    }
}
