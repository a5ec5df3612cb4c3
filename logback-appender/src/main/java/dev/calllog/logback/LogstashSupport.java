package dev.calllog.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.calllog.core.internal.mapping.SourceEvent.KeyValueVisitor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;

/**
 * Reads logstash-logback-encoder's structured arguments ({@code StructuredArguments.kv(..)}, {@code entries(..)}) and
 * appending markers ({@code Markers.append(..)}, {@code appendEntries(..)}) as key-values, when that library is on the
 * class path. It is an optional dependency: this class touches its types only after checking they exist.
 *
 * <p>The library exposes a field's value only to its own JSON writer, so the value is read once per class through a
 * cached reflective accessor; where that is refused (a strict module setup), the value's string form is used.
 */
final class LogstashSupport {
    static final boolean PRESENT = isPresent();

    private static final Class<?> SINGLE_FIELD = load("net.logstash.logback.marker.SingleFieldAppendingMarker");
    private static final Class<?> MAP_ENTRIES = load("net.logstash.logback.marker.MapEntriesAppendingMarker");
    private static final Method FIELD_NAME = method(SINGLE_FIELD, "getFieldName");
    private static final Method FIELD_VALUE = method(SINGLE_FIELD, "getFieldValue");
    private static final Field MAP = field(MAP_ENTRIES, "map");

    private LogstashSupport() {}

    /** Whether the event carries structured arguments or appending markers (whose values may be mutable). */
    static boolean holdsFields(ILoggingEvent event) {
        Object[] args = event.getArgumentArray();
        if (args != null) {
            for (Object arg : args) {
                if (isField(arg)) {
                    return true;
                }
            }
        }
        List<Marker> markers = event.getMarkerList();
        if (markers != null) {
            for (Marker m : markers) {
                if (isField(m) || m != null && m.hasReferences()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isField(Object o) {
        return o != null
                && (SINGLE_FIELD != null && SINGLE_FIELD.isInstance(o)
                        || MAP_ENTRIES != null && MAP_ENTRIES.isInstance(o));
    }

    static void visit(ILoggingEvent event, KeyValueVisitor visitor) {
        Object[] args = event.getArgumentArray();
        if (args != null) {
            for (Object arg : args) {
                visitOne(arg, visitor);
            }
        }
        List<Marker> markers = event.getMarkerList();
        if (markers != null) {
            for (Marker m : markers) {
                visitMarker(m, visitor, 0);
            }
        }
    }

    private static void visitMarker(Marker m, KeyValueVisitor visitor, int depth) {
        if (m == null || depth > 8) {
            return;
        }
        visitOne(m, visitor);
        if (m.hasReferences()) {
            for (Iterator<Marker> it = m.iterator(); it.hasNext(); ) {
                visitMarker(it.next(), visitor, depth + 1);
            }
        }
    }

    private static void visitOne(Object o, KeyValueVisitor visitor) {
        if (o == null) {
            return;
        }
        if (SINGLE_FIELD != null && SINGLE_FIELD.isInstance(o)) {
            String name = (String) invoke(FIELD_NAME, o);
            if (name != null) {
                Object value = FIELD_VALUE != null ? invoke(FIELD_VALUE, o) : String.valueOf(o);
                visitor.visit(name, value);
            }
        } else if (MAP_ENTRIES != null && MAP_ENTRIES.isInstance(o) && MAP != null) {
            try {
                Object map = MAP.get(o);
                if (map instanceof Map<?, ?> entries) {
                    for (Map.Entry<?, ?> e : entries.entrySet()) {
                        visitor.visit(String.valueOf(e.getKey()), e.getValue());
                    }
                }
            } catch (IllegalAccessException ignored) {
                // accessor was refused at class init; nothing readable
            }
        }
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return String.valueOf(target);
        }
    }

    private static boolean isPresent() {
        return load("net.logstash.logback.marker.SingleFieldAppendingMarker") != null;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, LogstashSupport.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Method method(Class<?> type, String name) {
        if (type == null) {
            return null;
        }
        try {
            Method m = type.getDeclaredMethod(name);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) {
        if (type == null) {
            return null;
        }
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
