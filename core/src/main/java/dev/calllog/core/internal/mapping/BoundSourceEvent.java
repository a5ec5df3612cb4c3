package dev.calllog.core.internal.mapping;

/** {@link SourceEvent#of}: a framework event seen through its reader. */
final class BoundSourceEvent<E> implements SourceEvent {
    private final E event;
    private final EventReader<E> reader;

    BoundSourceEvent(E event, EventReader<E> reader) {
        this.event = event;
        this.reader = reader;
    }

    @Override
    public SourceLevel level() {
        return reader.level(event);
    }

    @Override
    public void visitMarkerNames(MarkerVisitor visitor) {
        reader.findMarker(event, name -> visitor.visit(name) ? null : Boolean.TRUE);
    }

    @Override
    public long epochSecond() {
        return reader.epochSecond(event);
    }

    @Override
    public int nanoOfSecond() {
        return reader.nanoOfSecond(event);
    }

    @Override
    public String formattedMessage() {
        return reader.formattedMessage(event);
    }

    @Override
    public Throwable throwable() {
        return reader.throwable(event);
    }

    @Override
    public String contextValue(String key) {
        return reader.contextValue(event, key);
    }

    @Override
    public void visitKeyValues(KeyValueVisitor visitor) {
        reader.visitKeyValues(event, visitor);
    }
}
