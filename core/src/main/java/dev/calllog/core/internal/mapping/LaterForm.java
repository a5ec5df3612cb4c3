package dev.calllog.core.internal.mapping;

/**
 * What the buffer keeps of an event whose mapping is left to the shipping thread: a fixed form of it (the framework's
 * event itself, or a smaller capture of the parts the mapping reads), the reader that reads that form, and the heap it
 * keeps alive, as {@link SizeEstimator} counts it.
 *
 * @param event the form kept
 * @param reader reads it on the shipping thread: the timestamp, message, context values and key-values
 * @param retainedBytes the heap {@code event} keeps alive from now on; the buffer is bounded by it, so it must not
 *     undercount
 * @param <L> the type of the form kept
 */
public record LaterForm<L>(L event, EventReader<L> reader, long retainedBytes) {}
