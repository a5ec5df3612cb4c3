package dev.calllog.core.internal.mapping;

/**
 * What the logging thread hands to the shipping pipeline for one accepted call-log event: either its finished {@link
 * CallLogRecord}, or a {@link DeferredEvent} whose mapping the shipping thread finishes ({@link
 * CallLogMapper#complete}). Both are fixed from the moment they are handed over.
 */
public sealed interface CapturedEvent permits CallLogRecord, DeferredEvent {

    /**
     * The heap this event keeps alive while it waits in the buffer, as {@link SizeEstimator} counts it: what {@code
     * bufferBytes} bounds. Computed once, when the event was captured.
     */
    int estimatedBytes();
}
