package dev.calllog.log4j2;

import dev.calllog.core.mapping.SourceEvent;
import dev.calllog.core.mapping.SourceLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a {@link SourceEvent} tells, read at once, as the core's mapper reads it on the caller's thread. */
record EventSnapshot(
        SourceLevel level,
        List<String> markers,
        long epochSecond,
        int nanoOfSecond,
        String message,
        Throwable throwable,
        Map<String, String> context,
        Map<String, Object> keyValues) {

    static EventSnapshot of(SourceEvent e, Collection<String> contextKeys) {
        List<String> markers = new ArrayList<>();
        e.visitMarkerNames(name -> {
            markers.add(name);
            return true;
        });
        Map<String, String> context = new LinkedHashMap<>();
        for (String key : contextKeys) {
            String v = e.contextValue(key);
            if (v != null) {
                context.put(key, v);
            }
        }
        Map<String, Object> keyValues = new LinkedHashMap<>();
        e.visitKeyValues(keyValues::put);
        return new EventSnapshot(
                e.level(),
                markers,
                e.epochSecond(),
                e.nanoOfSecond(),
                e.formattedMessage(),
                e.throwable(),
                context,
                keyValues);
    }
}
