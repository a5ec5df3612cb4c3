package dev.calllog.log4j2;

import dev.calllog.core.CallLogEngine;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.Setting;
import dev.calllog.core.internal.config.Settings;
import dev.calllog.core.internal.mapping.EventReader;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.metrics.ShippingMetrics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;

/**
 * Owns the {@link CallLogEngine} of the call-log appenders configured with the same settings, so that it survives a
 * configuration reload: Log4j starts the new configuration (whose appender finds this manager by its settings and
 * shares it) before it stops the old one, and the engine is stopped only when the last appender using it stops. Its
 * buffered events are therefore neither lost nor delivered twice, and no thread is left behind. A reload that changes
 * any setting creates a new manager and engine, and the old engine is stopped (delivering what it buffered) when the
 * old configuration stops, after the new one has started.
 *
 * <p>Managers are keyed by a digest of every setting, so that no secret appears in the name Log4j reports.
 */
final class CallLogManager extends AbstractManager {
    /** The key of {@link #managerName}'s digest: random, of this JVM. */
    private static final byte[] NAME_KEY = randomKey();

    /** The engine operations the appender uses: {@link CallLogEngine}'s, substitutable in tests. */
    interface Engine {
        boolean start();

        <E> void append(E event, EventReader<E> reader);

        boolean flush(long timeoutMillis);

        void stop();

        ShippingMetrics.Snapshot metrics();
    }

    /** Creates the engine of a new manager. */
    @FunctionalInterface
    interface EngineFactory {
        /** @param name the appender's name, under which the engine's counters are registered on JMX */
        Engine create(CallLogConfig config, StatusSink status, String name);
    }

    /** The production factory: a {@link CallLogEngine}. */
    static final EngineFactory CALL_LOG_ENGINE = (config, status, name) -> {
        CallLogEngine engine = new CallLogEngine(config, status, name);
        return new Engine() {
            @Override
            public boolean start() {
                return engine.start();
            }

            @Override
            public <E> void append(E event, EventReader<E> reader) {
                engine.append(event, reader);
            }

            @Override
            public boolean flush(long timeoutMillis) {
                return engine.flush(timeoutMillis);
            }

            @Override
            public void stop() {
                engine.stop();
            }

            @Override
            public ShippingMetrics.Snapshot metrics() {
                return engine.metrics();
            }
        };
    };

    /** Replaced by tests only; read when a manager is created. */
    static volatile EngineFactory engineFactory = CALL_LOG_ENGINE;

    private static final Factory FACTORY = new Factory();

    private final Engine engine;
    private final StatusSink status;
    private final boolean running;

    private CallLogManager(LoggerContext context, String name, Engine engine, StatusSink status, boolean running) {
        super(context, name);
        this.engine = engine;
        this.status = status;
        this.running = running;
    }

    /**
     * The manager for these settings: the running one when an appender with the same settings holds it, else a new one
     * whose engine has just been started. The caller must {@link #stop(long, TimeUnit) stop} it once.
     */
    static CallLogManager getManager(
            LoggerContext context, CallLogConfig config, StatusSink status, String appenderName) {
        return getManager(managerName(config), FACTORY, new FactoryData(context, config, status, appenderName));
    }

    /** Whether the engine started: false when the settings are invalid (each problem was reported). */
    boolean isRunning() {
        return running;
    }

    /** Maps and buffers one event; never blocks. */
    <E> void append(E event, EventReader<E> reader) {
        engine.append(event, reader);
    }

    /** The engine's counters: offered, delivered, dropped by reason, buffered. */
    ShippingMetrics.Snapshot metrics() {
        return engine.metrics();
    }

    /** Waits until what was accepted so far is delivered or given up, at most {@code timeoutMillis}. */
    boolean flush(long timeoutMillis) {
        return running && engine.flush(timeoutMillis);
    }

    /**
     * Called when the last appender using this manager stops: the engine delivers what it buffered within the
     * {@code shutdownTimeoutMillis} setting, reports what it could not, and releases its thread and connections. That
     * setting, not Log4j's stop timeout, bounds the wait, because it is the one the user chose for delivery.
     */
    @Override
    protected boolean releaseSub(long timeout, TimeUnit timeUnit) {
        try {
            engine.stop();
            return true;
        } catch (RuntimeException | LinkageError e) {
            status.error("stopping failed", e);
            return false;
        }
    }

    /**
     * The manager's name: the data stream, and a digest of every setting declared in {@link Settings} (secrets
     * included, never shown), so that any changed setting makes a new manager. The digest is keyed with a random secret
     * of this JVM: the name cannot be used to test guesses of a password.
     */
    static String managerName(CallLogConfig c) {
        StringBuilder canonical = new StringBuilder();
        for (Setting s : Settings.ALL) {
            // Length-prefixed, so that no two different lists of settings read the same.
            String v = String.valueOf(s.read(c));
            canonical
                    .append(s.name())
                    .append('=')
                    .append(v.length())
                    .append(':')
                    .append(v)
                    .append(';');
        }
        return "CallLog[" + c.dataStream() + "#" + digest(canonical.toString()).substring(0, 16) + "]";
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String digest(String s) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(NAME_KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private record FactoryData(LoggerContext context, CallLogConfig config, StatusSink status, String appenderName) {}

    private static final class Factory implements ManagerFactory<CallLogManager, FactoryData> {
        @Override
        public CallLogManager createManager(String name, FactoryData data) {
            Engine engine = engineFactory.create(data.config(), data.status(), data.appenderName());
            boolean started;
            try {
                started = engine.start();
            } catch (RuntimeException | LinkageError e) {
                data.status().error("could not start", e);
                started = false;
            }
            return new CallLogManager(data.context(), name, engine, data.status(), started);
        }
    }
}
