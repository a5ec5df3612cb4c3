package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.status.StatusSink;
import java.util.ArrayList;
import java.util.List;

/** A status sink that keeps every message, prefixed with its level. */
final class RecordingStatus implements StatusSink {
    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void info(String message) {
        messages.add("INFO " + message);
    }

    @Override
    public synchronized void warn(String message, Throwable cause) {
        messages.add("WARN " + message + (cause == null ? "" : " / " + cause));
    }

    @Override
    public synchronized void error(String message, Throwable cause) {
        messages.add("ERROR " + message + (cause == null ? "" : " / " + cause));
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    List<String> containing(String text) {
        return messages().stream().filter(m -> m.contains(text)).toList();
    }
}
