package dev.calllog.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import dev.calllog.core.CallLogEngine;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.logback.CallLogAppender;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.MDC;

/** A Logback context of its own with one call-log appender on its root logger, configured in code. */
final class LogbackHarness implements AutoCloseable {
    final LoggerContext context;
    final CallLogAppender appender;
    final Logger log;

    private LogbackHarness(LoggerContext context, CallLogAppender appender) {
        this.context = context;
        this.appender = appender;
        this.log = context.getLogger("voice.agent");
    }

    /** Starts an appender named {@code CALLLOG} with the settings {@code settings} makes. */
    static LogbackHarness start(Consumer<CallLogAppender> settings) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        CallLogAppender appender = new CallLogAppender();
        appender.setContext(context);
        appender.setName("CALLLOG");
        settings.accept(appender);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return new LogbackHarness(context, appender);
    }

    CallLogEngine engine() {
        return appender.getEngine();
    }

    ShippingMetrics.Snapshot metrics() {
        return engine().metrics();
    }

    /** The status messages of the context, in order, prefixed with their level. */
    List<String> status() {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .map(s -> (s.getLevel() == Status.ERROR ? "ERROR " : s.getLevel() == Status.WARN ? "WARN " : "INFO ")
                        + s.getMessage())
                .toList();
    }

    /** What the appender has to say when a wait fails: its counts and its last status messages. */
    String diagnostics() {
        List<String> status = status();
        return metrics() + "\nlast status messages:\n  "
                + String.join("\n  ", status.subList(Math.max(0, status.size() - 15), status.size()));
    }

    /** Stops the context, and with it the appender (delivering what it buffered within its shutdown timeout). */
    @Override
    public void close() {
        context.stop();
    }
}
