package dev.calllog.log4j2;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** Collects what is reported through Log4j's {@link StatusLogger} while it is open. */
final class StatusCapture implements StatusListener {
    private final List<StatusData> data = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Level level;

    private StatusCapture(Level level) {
        this.level = level;
    }

    /** Collects WARN and above. */
    static StatusCapture open() {
        return open(Level.WARN);
    }

    static StatusCapture open(Level level) {
        StatusCapture c = new StatusCapture(level);
        StatusLogger.getLogger().registerListener(c);
        return c;
    }

    @Override
    public void log(StatusData d) {
        data.add(d);
    }

    @Override
    public Level getStatusLevel() {
        return level;
    }

    /** Every message collected, formatted, with its throwable. */
    String all() {
        StringBuilder sb = new StringBuilder();
        for (StatusData d : data) {
            sb.append(d.getFormattedStatus()).append('\n');
        }
        return sb.toString();
    }

    /** The messages reported at {@code level}, formatted. */
    List<String> messages(Level level) {
        return data.stream()
                .filter(d -> d.getLevel() == level)
                .map(d -> d.getMessage().getFormattedMessage())
                .collect(Collectors.toList());
    }

    /** Unregisters; {@code StatusLogger.removeListener} calls {@code close()} again, hence the guard. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            StatusLogger.getLogger().removeListener(this);
        }
    }
}
