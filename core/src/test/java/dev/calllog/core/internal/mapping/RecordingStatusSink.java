package dev.calllog.core.internal.mapping;

import dev.calllog.core.internal.status.StatusSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every status message, as {@code "WARN text"}. */
final class RecordingStatusSink implements StatusSink {
    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        messages.add("INFO " + message);
    }

    @Override
    public synchronized void warn(String message, Throwable cause) {
        messages.add("WARN " + message);
    }

    @Override
    public synchronized void error(String message, Throwable cause) {
        messages.add("ERROR " + message);
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }
}
