package dev.calllog.core;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.mapping.SourceEvent;
import dev.calllog.core.status.StatusSink;

/**
 * What a framework adapter holds: validates the settings, maps each call-log event to a record on the caller's
 * thread, and hands it to the shipping pipeline. The adapters are thin; everything else lives here.
 *
 * <p>Thread-safe. {@link #append(SourceEvent)} never blocks and never throws.
 */
public final class CallLogEngine implements AutoCloseable {
    private final CallLogConfig config;
    private final StatusSink status;

    public CallLogEngine(CallLogConfig config, StatusSink status) {
        this.config = config;
        this.status = status;
    }

    /**
     * Validates the settings (each problem reported through the status sink as an error naming the setting) and, when
     * all is well, starts shipping.
     *
     * @return whether the engine started
     */
    public boolean start() {
        throw new UnsupportedOperationException("wired up when mapping and shipping land");
    }

    /** Maps and buffers one event; ignores events that are not call-log events. Never blocks, never throws. */
    public void append(SourceEvent event) {
        throw new UnsupportedOperationException("wired up when mapping and shipping land");
    }

    /**
     * Waits until everything accepted so far is delivered (or given up), at most {@code timeoutMillis}.
     *
     * @return whether everything was settled in time
     */
    public boolean flush(long timeoutMillis) {
        throw new UnsupportedOperationException("wired up when mapping and shipping land");
    }

    /** Delivers what is buffered within the shutdown timeout, reports what could not be, and releases everything. */
    public void stop() {
        throw new UnsupportedOperationException("wired up when mapping and shipping land");
    }

    @Override
    public void close() {
        stop();
    }

    public CallLogConfig config() {
        return config;
    }

    public StatusSink status() {
        return status;
    }
}
