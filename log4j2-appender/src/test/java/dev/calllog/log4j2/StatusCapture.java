package dev.calllog.log4j2;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

/** Collects what is reported through Log4j's {@link StatusLogger} at WARN and above while it is open. */
final class StatusCapture implements StatusListener {
    private final List<StatusData> data = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    static StatusCapture open() {
        StatusCapture c = new StatusCapture();
        StatusLogger.getLogger().registerListener(c);
        return c;
    }

    @Override
    public void log(StatusData d) {
        data.add(d);
    }

    @Override
    public Level getStatusLevel() {
        return Level.WARN;
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
