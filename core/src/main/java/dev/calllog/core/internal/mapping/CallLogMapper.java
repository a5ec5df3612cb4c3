package dev.calllog.core.internal.mapping;

import dev.calllog.core.catalog.EventCatalog;
import dev.calllog.core.catalog.EventCodes;
import dev.calllog.core.catalog.EventDefinition;
import dev.calllog.core.catalog.Level;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.redact.DataRedactor;
import dev.calllog.core.internal.redact.Redactor;
import dev.calllog.core.internal.status.ThrottledStatus;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Decides whether a logging event is a call-log event and, when it is to be shipped, snapshots it into an immutable
 * {@link CallLogRecord}. Runs on the logging thread; thread-safe; never throws.
 *
 * <h2>Which events</h2>
 *
 * An event is a call-log event when one of its markers, or a marker they reference, is named after a catalogue event
 * ({@code call_completed}); the first such marker, depth first, selects the event. A marker named after an event with
 * {@value EventCodes#CRITICAL_SUFFIX} ({@code call_failed+CRITICAL}, see {@link EventCodes#critical(String)}) selects
 * the event and raises it to CRITICAL. Other events are ignored; one marked {@code CRITICAL} without an event marker
 * while a call id is set is counted and reported ({@link #criticalWithoutEvent()}).
 *
 * <h2>Level</h2>
 *
 * <ol>
 *   <li>The framework level: INFO is {@code INFO}, WARN {@code WARNING}, ERROR {@code ERROR}, FATAL {@code CRITICAL}.
 *   <li>A marker named {@value EventCodes#CRITICAL}, or an event marker named with {@value
 *       EventCodes#CRITICAL_SUFFIX}, makes it {@code CRITICAL}.
 *   <li>It is raised to the event's floor: {@code log.error} on {@code call_failed} is {@code CRITICAL},
 *       {@code log.info} on {@code path_error} is {@code ERROR}.
 *   <li>Below {@code minLevel}, the event is not shipped ({@link #filteredByLevel()}).
 *
 * TRACE and DEBUG events are diagnostic detail: they are shipped only when {@code minLevel} is DEBUG (DEBUG events) or
 * TRACE (both), always as {@link Level#DEBUG}, and neither the floor nor the {@code CRITICAL} marker raises them, so
 * that lowering {@code minLevel} to look at details never adds errors or critical events to dashboards and alerts
 * (every floor is INFO or above, so raising them would also mean no event is ever shipped as DEBUG).
 * </ol>
 *
 * <h2>Ids</h2>
 *
 * The call id, agent id, account id, trace id and turn id are read from the context map (MDC) under the configured
 * keys. The trace id, span id and trace flags come from the OpenTelemetry span current on the logging thread when
 * {@code opentelemetry-api} is on the class path and a valid span is current ({@link TraceContext}); otherwise from
 * the context map: the trace id under {@code traceIdKey}, the span id under {@value TraceContext#MDC_SPAN_ID} and the
 * flags under {@value TraceContext#MDC_TRACE_FLAGS}, the keys OpenTelemetry's Logback and Log4j instrumentation fill.
 * An event without a call id (missing or blank) is not shipped: it is counted ({@link #missingCallId()}) and
 * reported, throttled. A missing or blank optional id is left out of the document.
 *
 * <h2>{@code data}</h2>
 *
 * The values of the context-map keys listed in {@code mdcDataKeys} (as strings; missing ones left out), then the
 * event's own key-values. A key keeps the position of its first occurrence and takes the value of its last, so the
 * event's key-values win over context-map values of the same name. Values are snapshotted during the logging call,
 * because the application may change them once it returns (or, for an event whose reader declares every part fixed,
 * {@link EventReader#later}, on the shipping thread by {@link #complete}):
 *
 * <ul>
 *   <li>strings, booleans, {@code null}, and the JDK's immutable numbers ({@link Integer}, {@link Long}, {@link Short},
 *       {@link Byte}, {@link Double}, {@link Float}, {@link java.math.BigDecimal}, {@link java.math.BigInteger}) are
 *       kept as they are and written as JSON strings, booleans, null and numbers; NaN and the infinities, which JSON
 *       cannot express, are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};
 *   <li>enums become their {@code name()}, characters and other {@link CharSequence}s their text;
 *   <li>maps (keys become their string form), {@link Iterable}s and arrays are serialised to JSON at once, recursively
 *       with the same rules. A {@code char[]} is a string. In a map, when two keys have the same string form, the
 *       first is kept. A container holds at most {@value #MAX_ENTRIES} entries, then a last element
 *       {@code "[truncated]"} (a list) or entry {@code "[truncated]":true} (a map). A container that contains itself
 *       is written {@code "[cycle]"}, and one nested more than {@value #MAX_DEPTH} levels below {@code data}
 *       {@code "[depth limit]"}. When iterating a container throws (a concurrent modification), the whole value is
 *       written {@code "[unreadable: ExceptionName]"};
 *   <li>a {@link Throwable} value, under any key, becomes {@code data.error}: {@code {"type":"SimpleClassName",
 *       "message":"..."}}, with the message redacted and left out when null. The event's own throwable wins over
 *       key-values; among key-values the last wins. When there is an error, a key-value named {@code error} is
 *       dropped. A throwable inside a container is written the same way, redacted here. Stack traces are never
 *       written;
 *   <li>anything else becomes the string of its {@code toString()}; when that throws, the string
 *       {@code "[toString failed: ExceptionName]"}, reported throttled.
 * </ul>
 *
 * At most {@value #MAX_ENTRIES} entries are kept in {@code data} itself. A string (value or key, at any depth, and the
 * error message) longer than {@value #MAX_VALUE_CHARS} characters is cut and ends with {@code …[truncated]}, and the
 * whole of {@code data} is cut to what {@code maxDocumentBytes} leaves after the other fields (containers then end with
 * a {@code "[truncated]"} entry, later entries are left out). Events whose data had to be cut (size, depth,
 * cycle) are counted in {@link #truncatedData()}.
 *
 * <h2>Message</h2>
 *
 * The formatted message; when longer than {@code maxMessageChars} it is cut, marked {@code …[truncated]} when written,
 * and counted ({@link #truncatedMessages()}). Redaction happens when the document is written, on the shipping thread.
 */
public final class CallLogMapper {
    /**
     * Longest string (value or key) kept anywhere in {@code data}, in characters; longer ones end with {@code
     * …[truncated]}. {@code data} is a {@code flat_object}, which indexes every value and key as a keyword, and
     * OpenSearch rejects a document holding a keyword over 32,766 bytes of UTF-8 (at most 3 bytes per character).
     */
    public static final int MAX_VALUE_CHARS = 10_000;
    /** Most entries kept in {@code data} and in any map, list or array inside it. */
    public static final int MAX_ENTRIES = 1_000;
    /** Deepest nesting of containers inside {@code data}. */
    public static final int MAX_DEPTH = 16;
    /** Written instead of a container that contains itself. */
    public static final String CYCLE = "[cycle]";
    /** Written instead of a container nested deeper than {@link #MAX_DEPTH}. */
    public static final String DEPTH_LIMIT = "[depth limit]";
    /** Marks a container cut at {@link #MAX_ENTRIES}. */
    public static final String TRUNCATED = "[truncated]";

    /** Characters set aside for the fields other than {@code message} and {@code data} (ids, level, timestamp...). */
    static final int DOCUMENT_OVERHEAD = 2_048;

    /** What a span's ids take in a buffered event: the small holder, and 32, 16 and 2 hex digits as strings. */
    static final int TRACE_BYTES = 24 + 3 * 40 + 32 + 16 + 2;

    // Characters kept beyond maxMessageChars, so that redaction sees whole addresses and paths at the cut.
    static final int MESSAGE_SLACK = 256;

    /**
     * Most heap a framework event may keep alive (as its reader counts it) to be left, as it is, for the shipping
     * thread to map. A larger one (a long message, a large context map) is mapped at once, where the message and data
     * are cut to their bounds, so that a buffered event never holds much more than its document needs.
     */
    public static final long MAX_DEFERRED_BYTES = 16 * 1024;

    private static final Function<String, Boolean> CRITICAL_LOOKUP =
            name -> EventCodes.CRITICAL.equals(name) || name != null && name.endsWith(EventCodes.CRITICAL_SUFFIX)
                    ? Boolean.TRUE
                    : null;

    private final EventCatalog catalog;
    private final ThrottledStatus status;
    private final DataRedactor redactor;
    private final Level minLevel;
    private final boolean traceShipped;
    private final String callIdKey;
    private final String agentIdKey;
    private final String accountIdKey;
    private final String traceIdKey;
    private final String turnIdKey;
    private final String[] mdcDataKeys;
    private final int maxMessageChars;
    private final int maxDocumentBytes;

    /** The catalogue event a marker name selects; the {@code CRITICAL} marker selects none. */
    private final Function<String, EventDefinition> eventLookup;
    /** One collector of {@code data} per logging thread, reused from event to event. */
    private final ThreadLocal<DataSnapshot> snapshots;
    /** Per logging thread: what its last buffered record counted (see {@link #capture}). */
    private final ThreadLocal<RunEstimate> estimates = ThreadLocal.withInitial(RunEstimate::new);

    private final LongAdder filteredByLevel = new LongAdder();
    private final LongAdder missingCallId = new LongAdder();
    private final LongAdder criticalWithoutEvent = new LongAdder();
    private final LongAdder mappingFailed = new LongAdder();
    private final LongAdder truncatedMessages = new LongAdder();
    private final LongAdder truncatedData = new LongAdder();

    /**
     * @param config validated settings; read once, here
     * @param catalog the events to recognise, usually {@code config.catalog()}
     * @param status where recurring problems are reported
     */
    public CallLogMapper(CallLogConfig config, EventCatalog catalog, ThrottledStatus status) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.status = Objects.requireNonNull(status, "status");
        this.redactor = DataRedactor.from(config, Redactor.from(config));
        this.minLevel = Objects.requireNonNull(config.minLevel(), "minLevel (the settings were not validated)");
        this.traceShipped = config.traceShipped();
        this.callIdKey = config.callIdKey();
        this.agentIdKey = config.agentIdKey();
        this.accountIdKey = config.accountIdKey();
        this.traceIdKey = config.traceIdKey();
        this.turnIdKey = config.turnIdKey();
        this.mdcDataKeys = config.mdcDataKeys().toArray(new String[0]);
        this.maxMessageChars = config.maxMessageChars();
        this.maxDocumentBytes = config.maxDocumentBytes();
        this.eventLookup = name -> {
            if (name == null || EventCodes.CRITICAL.equals(name)) {
                return null;
            }
            return name.endsWith(EventCodes.CRITICAL_SUFFIX)
                    ? catalog.find(name.substring(0, name.length() - EventCodes.CRITICAL_SUFFIX.length()))
                    : catalog.find(name);
        };
        // Whether the OpenTelemetry API is there is found out now, at start, not during the first logging call.
        TraceContext.openTelemetryAvailable();
        DataRedactor r = this.redactor;
        this.snapshots = ThreadLocal.withInitial(() -> new DataSnapshot(status, r));
    }

    /**
     * The record to ship, or {@code null} when the event is not a call-log event, is below {@code minLevel}, has no
     * call id, or could not be mapped. Never throws.
     */
    public CallLogRecord map(SourceEvent e) {
        return map(e, SourceEvent.READER);
    }

    /**
     * The record to ship for a framework's event read by {@code reader}, or {@code null} when the event is not a
     * call-log event, is below {@code minLevel}, has no call id, or could not be mapped. Never throws. Allocates nothing
     * but the record (and what snapshotting unusual values needs).
     */
    public <E> CallLogRecord map(E event, EventReader<E> reader) {
        return (CallLogRecord) capture(event, reader, false);
    }

    /**
     * What the logging thread hands to the buffer for a framework event read by {@code reader}: {@code null} when the
     * event is not shipped (as for {@link #map(Object, EventReader)}); else a {@link DeferredEvent} when the reader says
     * the event stays readable ({@link EventReader#later}), whose mapping the shipping thread finishes with
     * {@link #complete(DeferredEvent)}; else the {@link CallLogRecord}, whose estimate counts once what it shares with
     * the thread's previous record (see {@link RunEstimate}): when the buffer does not take it, call
     * {@link #notBuffered()}. Never throws.
     */
    public <E> CapturedEvent capture(E event, EventReader<E> reader) {
        return capture(event, reader, true);
    }

    /**
     * Finishes, on the shipping thread, the mapping of an event accepted by {@link #capture}: its record, or {@code
     * null} when mapping it failed (counted in {@link #mappingFailed()} and reported). Never throws.
     */
    public CallLogRecord complete(DeferredEvent<?> deferred) {
        try {
            return build(deferred);
        } catch (RuntimeException | StackOverflowError ex) {
            failed(ex);
            return null;
        }
    }

    private <E> CallLogRecord build(DeferredEvent<E> d) {
        return build(d.event, d.reader, d.definition, d.level, d.callId, d.trace, d.seq);
    }

    private <E> CapturedEvent capture(E event, EventReader<E> reader, boolean mayDefer) {
        try {
            return mapOrNull(event, reader, mayDefer);
        } catch (RuntimeException | StackOverflowError ex) {
            failed(ex);
            return null;
        }
    }

    private void failed(Throwable ex) {
        mappingFailed.increment();
        status.lost(
                "mapping-failed",
                "a call-log event could not be mapped and was not shipped: "
                        + ex.getClass().getName());
    }

    private <E> CapturedEvent mapOrNull(E e, EventReader<E> reader, boolean mayDefer) {
        EventDefinition def = reader.findMarker(e, eventLookup);
        if (def == null) {
            if (reader.findMarker(e, CRITICAL_LOOKUP) != null) {
                criticalWithoutEvent(e, reader);
            }
            return null;
        }

        SourceLevel sourceLevel = reader.level(e);
        Level level;
        switch (sourceLevel) {
            case TRACE, DEBUG -> {
                if (minLevel != Level.DEBUG || sourceLevel == SourceLevel.TRACE && !traceShipped) {
                    filteredByLevel.increment();
                    return null;
                }
                return accept(e, reader, def, Level.DEBUG, mayDefer);
            }
            case INFO -> level = Level.INFO;
            case WARN -> level = Level.WARNING;
            case ERROR -> level = Level.ERROR;
            case FATAL -> level = Level.CRITICAL;
            default -> throw new IllegalArgumentException("level " + sourceLevel);
        }
        level = level.atLeast(def.floor());
        if (level != Level.CRITICAL && reader.findMarker(e, CRITICAL_LOOKUP) != null) {
            level = Level.CRITICAL;
        }
        if (level.compareTo(minLevel) < 0) {
            filteredByLevel.increment();
            return null;
        }
        return accept(e, reader, def, level, mayDefer);
    }

    /**
     * An event marked CRITICAL without an event marker, in a call (a call id in the context): most likely a call-log
     * event whose event marker the logging path lost (the fluent API of {@code log4j-slf4j2-impl} keeps only the last
     * marker added), so it is counted and reported, never dropped in silence. Outside a call, CRITICAL is just a
     * marker of the application's.
     */
    private <E> void criticalWithoutEvent(E e, EventReader<E> reader) {
        String callId = reader.contextValue(e, callIdKey);
        if (callId == null || callId.isBlank()) {
            return;
        }
        criticalWithoutEvent.increment();
        status.lost(
                "critical-without-event",
                "an event of call '" + callId + "' marked " + EventCodes.CRITICAL + " carries no event marker, so it"
                        + " was not shipped. Log one marker that carries both, e.g. MarkerFactory.getMarker(\""
                        + EventCodes.critical("call_failed") + "\") (log4j-slf4j2-impl keeps only the last marker"
                        + " given to addMarker)");
    }

    /**
     * Snapshots an event that passed the level checks, unless it has no call id; or, when allowed and the reader says
     * the event stays readable and keeps little alive, leaves the rest to the shipping thread.
     */
    private <E> CapturedEvent accept(E e, EventReader<E> reader, EventDefinition def, Level level, boolean mayDefer) {
        String callId = reader.contextValue(e, callIdKey);
        if (callId == null || callId.isBlank()) {
            missingCallId.increment();
            status.lost(
                    "missing-call-id",
                    "call-log event '" + def.code() + "' has no call id in MDC key '" + callIdKey
                            + "'; it was not shipped");
            return null;
        }
        // The current span is the logging thread's: read it here, whichever thread maps the rest.
        TraceContext trace = TraceContext.current();
        if (mayDefer) {
            LaterForm<?> later = reader.later(e);
            if (later != null && later.retainedBytes() >= 0 && later.retainedBytes() <= MAX_DEFERRED_BYTES) {
                return deferred(later, def, level, callId, trace);
            }
        }
        CallLogRecord r = build(e, reader, def, level, callId, trace, EventIds.nextSeq());
        if (mayDefer) {
            r.estimated(estimates.get().estimate(r));
        }
        return r;
    }

    /**
     * The buffer did not take the {@link CallLogRecord} this thread's last {@link #capture} returned: the thread's next
     * record counts everything it keeps alive again.
     */
    public void notBuffered() {
        estimates.get().forget();
    }

    private static <L> DeferredEvent<L> deferred(
            LaterForm<L> later, EventDefinition def, Level level, String callId, TraceContext trace) {
        return new DeferredEvent<>(
                later.event(),
                later.reader(),
                def,
                level,
                callId,
                trace,
                EventIds.nextSeq(),
                SizeEstimator.DEFERRED + later.retainedBytes() + (trace == null ? 0 : TRACE_BYTES));
    }

    /**
     * Maps an accepted event into its record.
     *
     * @param trace the span current when the event was logged, or {@code null}: then the trace ids come from the
     *     context map
     */
    private <E> CallLogRecord build(
            E e, EventReader<E> reader, EventDefinition def, Level level, String callId, TraceContext trace, long seq) {
        String message = reader.formattedMessage(e);
        boolean truncated = message != null && message.length() > maxMessageChars;
        if (truncated) {
            truncatedMessages.increment();
            status.warn(
                    "message-cut",
                    "the message of call-log event '" + def.code() + "' (" + message.length()
                            + " characters) was longer than maxMessageChars (" + maxMessageChars + ") and was cut");
            message = cut(message, (int) Math.min(Integer.MAX_VALUE, (long) maxMessageChars + MESSAGE_SLACK));
        }

        // data gets what the document's bound leaves after the message and the other fields.
        long budget = (long) maxDocumentBytes - DOCUMENT_OVERHEAD - (message == null ? 0 : message.length());
        DataSnapshot data = snapshots.get();
        if (data.inUse()) {
            // A value's toString() logged a call-log event on this thread: that one gets a collector of its own.
            data = new DataSnapshot(status, redactor);
        }
        data.begin(def.code(), Math.max(0, budget));
        try {
            Throwable thrown = reader.throwable(e);
            if (thrown != null) {
                data.eventError(thrown);
            }
            for (String key : mdcDataKeys) {
                String v = reader.contextValue(e, key);
                if (v != null) {
                    data.visit(key, v);
                }
            }
            reader.visitKeyValues(e, data);
            data.finish();
            if (data.cut) {
                truncatedData.increment();
                status.warn(
                        "data-cut",
                        "the data of call-log event '" + def.code() + "' was cut at a size, depth or cycle limit");
            }

            return new CallLogRecord(
                    reader.epochSecond(e),
                    reader.nanoOfSecond(e),
                    seq,
                    callId,
                    optional(reader.contextValue(e, agentIdKey)),
                    optional(reader.contextValue(e, accountIdKey)),
                    trace != null ? trace.traceId() : optional(reader.contextValue(e, traceIdKey)),
                    trace != null ? trace.spanId() : optional(reader.contextValue(e, TraceContext.MDC_SPAN_ID)),
                    trace != null ? trace.traceFlags() : optional(reader.contextValue(e, TraceContext.MDC_TRACE_FLAGS)),
                    optional(reader.contextValue(e, turnIdKey)),
                    level,
                    def,
                    message,
                    truncated,
                    data.entries(),
                    data.errorType,
                    data.errorMessage);
        } finally {
            data.end();
        }
    }

    /** The first {@code max} characters of {@code s}, not splitting a surrogate pair. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int n = max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, n);
    }

    private static String optional(String id) {
        return id == null || id.isBlank() ? null : id;
    }

    /** Call-log events not shipped because of their level and {@code minLevel}. */
    public long filteredByLevel() {
        return filteredByLevel.sum();
    }

    /** Call-log events not shipped because the context map had no call id. */
    public long missingCallId() {
        return missingCallId.sum();
    }

    /**
     * Events marked {@code CRITICAL} without an event marker while a call id was set: not shipped, counted and
     * reported (see {@link EventCodes#critical(String)}).
     */
    public long criticalWithoutEvent() {
        return criticalWithoutEvent.sum();
    }

    /** Call-log events not shipped because mapping them threw. */
    public long mappingFailed() {
        return mappingFailed.sum();
    }

    /** Events shipped with a truncated message. */
    public long truncatedMessages() {
        return truncatedMessages.sum();
    }

    /** Events shipped with data cut at a size, depth or cycle limit. */
    public long truncatedData() {
        return truncatedData.sum();
    }
}
