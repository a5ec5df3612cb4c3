package dev.calllog.core.metrics;

import dev.calllog.core.internal.status.StatusSink;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the {@link CallLogMetricsMXBean} of one appender in the platform MBean server, and removes it again.
 *
 * <p>The name is {@code dev.calllog:type=CallLogAppender,name=<appender name>}; when that is taken (two logging
 * contexts, or both frameworks, with an appender of the same name), {@code <appender name>-2}, {@code -3}, and so on.
 * Names with characters that JMX reserves are quoted.
 */
public final class JmxRegistration {
    /** The domain and type of the names. */
    public static final String NAME_PREFIX = "dev.calllog:type=CallLogAppender,name=";

    private static final int MAX_SUFFIX = 100;

    private final ObjectName name;

    private JmxRegistration(ObjectName name) {
        this.name = name;
    }

    /**
     * Registers the counters read from {@code metrics} under the appender's name.
     *
     * @return the registration, or null when JMX refused (reported through {@code status})
     */
    public static JmxRegistration register(
            String appenderName, Supplier<ShippingMetrics.Snapshot> metrics, StatusSink status) {
        String base = appenderName == null || appenderName.isBlank() ? "calllog" : appenderName;
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Bean bean = new Bean(metrics);
            for (int i = 1; i <= MAX_SUFFIX; i++) {
                ObjectName on = objectName(i == 1 ? base : base + "-" + i);
                try {
                    server.registerMBean(bean, on);
                    return new JmxRegistration(on);
                } catch (InstanceAlreadyExistsException taken) {
                    // Another appender has this name: try the next suffix.
                }
            }
            status.warn("The call-log metrics of appender '" + base + "' are not on JMX: " + MAX_SUFFIX
                    + " appenders of that name are registered already");
        } catch (JMException | RuntimeException | LinkageError e) {
            status.warn("The call-log metrics of appender '" + base + "' could not be registered on JMX: " + e);
        }
        return null;
    }

    /** {@code dev.calllog:type=CallLogAppender,name=<name>}, the name quoted when it holds a reserved character. */
    static ObjectName objectName(String appenderName) throws JMException {
        boolean plain = appenderName.chars().noneMatch(c -> ",=:*?\"\\\n".indexOf(c) >= 0);
        return new ObjectName(NAME_PREFIX + (plain ? appenderName : ObjectName.quote(appenderName)));
    }

    /** The name registered. */
    public ObjectName name() {
        return name;
    }

    /** Removes the bean; idempotent, never throws. */
    public void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // Removed already.
        } catch (JMException | RuntimeException | LinkageError ignored) {
            // Nothing more can be done; it goes with the JVM.
        }
    }

    private static final class Bean implements CallLogMetricsMXBean {
        private final Supplier<ShippingMetrics.Snapshot> metrics;

        Bean(Supplier<ShippingMetrics.Snapshot> metrics) {
            this.metrics = metrics;
        }

        private ShippingMetrics.Snapshot s() {
            return metrics.get();
        }

        @Override
        public long getOffered() {
            return s().offered();
        }

        @Override
        public long getAccepted() {
            return s().accepted();
        }

        @Override
        public long getDelivered() {
            return s().delivered();
        }

        @Override
        public long getDuplicates() {
            return s().duplicates();
        }

        @Override
        public long getRetried() {
            return s().retried();
        }

        @Override
        public long getDeadLettered() {
            return s().deadLettered();
        }

        @Override
        public long getDropped() {
            return s().droppedTotal();
        }

        @Override
        public Map<String, Long> getDroppedByReason() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (DropReason r : DropReason.values()) {
                out.put(r.label(), s().dropped(r));
            }
            return out;
        }

        @Override
        public long getPending() {
            return s().pending();
        }

        @Override
        public long getBufferedEvents() {
            return s().bufferedEvents();
        }

        @Override
        public long getBufferedBytes() {
            return s().bufferedBytes();
        }

        @Override
        public long getBulkRequests() {
            return s().bulkRequests();
        }

        @Override
        public long getFailedRequests() {
            return s().failedRequests();
        }

        @Override
        public long getLastBatchLatencyMillis() {
            return s().lastBatchLatencyMillis();
        }

        @Override
        public long getMaxBatchLatencyMillis() {
            return s().maxBatchLatencyMillis();
        }

        @Override
        public long getBatchLatencyTotalMillis() {
            return s().batchLatencyTotalMillis();
        }

        @Override
        public long getSpooled() {
            return s().spooled();
        }

        @Override
        public long getSpooledBytes() {
            return s().spooledBytes();
        }

        @Override
        public long getReplayed() {
            return s().replayed();
        }

        @Override
        public long getDurableEvents() {
            return s().durableEvents();
        }

        @Override
        public long getSpoolBytes() {
            return s().spoolBytes();
        }

        @Override
        public long getSpoolDamagedSegments() {
            return s().spoolDamagedSegments();
        }
    }
}
