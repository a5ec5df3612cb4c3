package dev.calllog.log4j2;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.mapping.EventReader;
import dev.calllog.core.internal.mapping.SourceEvent;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.metrics.ShippingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the core engine in unit tests that check the appender's side only (lifecycle, sharing across reloads,
 * what is read from the event): records every engine created, the calls made on it, and a snapshot of each appended
 * event, taken during {@code append} as the core's mapper does. {@link FakeEngine#start()} follows the real engine's
 * contract (validate, report each problem as an error, start only when there is none). The real engine behind the
 * same appender is exercised against a real node by {@code Log4jAppenderIT} and {@code Log4jReloadIT}.
 */
final class FakeEngines implements CallLogManager.EngineFactory {
    final List<FakeEngine> created = new CopyOnWriteArrayList<>();
    /** Every engine call in order: {@code start#1}, {@code stop#1}, ... */
    final List<String> journal = new CopyOnWriteArrayList<>();

    private final AtomicInteger ids = new AtomicInteger();
    volatile RuntimeException failAppend;

    /** Installs a fresh factory for the managers created from now on. */
    static FakeEngines install() {
        FakeEngines f = new FakeEngines();
        CallLogManager.engineFactory = f;
        return f;
    }

    @Override
    public CallLogManager.Engine create(CallLogConfig config, StatusSink status, String name) {
        FakeEngine e = new FakeEngine(ids.incrementAndGet(), config, status);
        created.add(e);
        return e;
    }

    FakeEngine only() {
        if (created.size() != 1) {
            throw new AssertionError("expected one engine, got " + created.size());
        }
        return created.get(0);
    }

    final class FakeEngine implements CallLogManager.Engine {
        final int id;
        final CallLogConfig config;
        final StatusSink status;
        final List<TestSourceEvent> events = new CopyOnWriteArrayList<>();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();

        FakeEngine(int id, CallLogConfig config, StatusSink status) {
            this.id = id;
            this.config = config;
            this.status = status;
        }

        @Override
        public boolean start() {
            starts.incrementAndGet();
            journal.add("start#" + id);
            List<String> problems = config.validate();
            problems.forEach(status::error);
            return problems.isEmpty();
        }

        @Override
        public <E> void append(E event, EventReader<E> reader) {
            RuntimeException fail = failAppend;
            if (fail != null) {
                throw fail;
            }
            events.add(TestSourceEvent.copyOf(SourceEvent.of(event, reader), contextKeys()));
        }

        private List<String> contextKeys() {
            List<String> keys = new ArrayList<>(List.of(
                    config.callIdKey(),
                    config.agentIdKey(),
                    config.accountIdKey(),
                    config.traceIdKey(),
                    config.turnIdKey()));
            keys.addAll(config.mdcDataKeys());
            return keys;
        }

        @Override
        public boolean flush(long timeoutMillis) {
            journal.add("flush#" + id);
            return true;
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
            journal.add("stop#" + id);
        }

        @Override
        public ShippingMetrics.Snapshot metrics() {
            ShippingMetrics metrics = new ShippingMetrics();
            for (int i = 0; i < events.size(); i++) {
                metrics.recordAccepted();
            }
            return metrics.snapshot();
        }
    }
}
