package dev.calllog.core.internal.mapping;

import java.util.function.Function;

/** {@link SourceEvent#READER}: reads a {@link SourceEvent} through its own methods. */
class SourceEventReader implements EventReader<SourceEvent> {

    @Override
    public SourceLevel level(SourceEvent event) {
        return event.level();
    }

    @Override
    public <T> T findMarker(SourceEvent event, Function<String, T> lookup) {
        Object[] found = new Object[1];
        event.visitMarkerNames(name -> {
            found[0] = lookup.apply(name);
            return found[0] == null;
        });
        @SuppressWarnings("unchecked")
        T t = (T) found[0];
        return t;
    }

    @Override
    public long epochSecond(SourceEvent event) {
        return event.epochSecond();
    }

    @Override
    public int nanoOfSecond(SourceEvent event) {
        return event.nanoOfSecond();
    }

    @Override
    public String formattedMessage(SourceEvent event) {
        return event.formattedMessage();
    }

    @Override
    public Throwable throwable(SourceEvent event) {
        return event.throwable();
    }

    @Override
    public String contextValue(SourceEvent event, String key) {
        return event.contextValue(key);
    }

    @Override
    public void visitKeyValues(SourceEvent event, SourceEvent.KeyValueVisitor visitor) {
        event.visitKeyValues(visitor);
    }
}
