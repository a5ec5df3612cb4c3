package dev.calllog.core.internal.status;

/**
 * The sink of the loss summary: reports through the framework's status channel, and also on standard error when that
 * channel does not print warnings by default (Logback without a status listener, Log4j with its {@code StatusLogger}
 * at ERROR). Only losses go through it, at most one line a minute after the first ({@code lossesToConsole} turns the
 * console copy off).
 */
public final class ConsoleLossSink implements StatusSink {
    private final StatusSink status;
    private final String appenderName;

    /**
     * @param status the framework's status channel
     * @param appenderName named in the console line, so that users know which appender lost events; may be null
     */
    public ConsoleLossSink(StatusSink status, String appenderName) {
        this.status = status;
        this.appenderName = appenderName;
    }

    @Override
    public void info(String message) {
        status.info(message);
    }

    @Override
    public void warn(String message, Throwable cause) {
        status.warn(message, cause);
        if (!status.printsWarnings()) {
            try {
                System.err.println("[calllog] WARN " + (appenderName == null ? "" : "appender '" + appenderName + "': ")
                        + message);
            } catch (RuntimeException ignored) {
                // A status sink must never break shipping.
            }
        }
    }

    @Override
    public void error(String message, Throwable cause) {
        status.error(message, cause);
    }

    @Override
    public boolean printsWarnings() {
        return true;
    }
}
