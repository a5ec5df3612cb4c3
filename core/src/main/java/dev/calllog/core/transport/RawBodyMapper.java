package dev.calllog.core.transport;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.JsonpSerializable;

/**
 * The {@link JsonpMapper} handed to the opensearch-java transport. Only the generic client is used, with bodies that
 * are bytes already, so the transport never maps objects; this mapper exists so that the transport does not build its
 * default Jackson {@code ObjectMapper} (and scan the class path for Jackson modules) for nothing.
 */
final class RawBodyMapper implements JsonpMapper {

    @Override
    public JsonProvider jsonProvider() {
        return Holder.PROVIDER;
    }

    @Override
    public <T> T deserialize(JsonParser parser, Class<T> clazz) {
        throw new UnsupportedOperationException("raw bodies only: no object mapping");
    }

    @Override
    public <T> void serialize(T value, JsonGenerator generator) {
        if (value instanceof JsonpSerializable) {
            ((JsonpSerializable) value).serialize(generator, this);
            return;
        }
        throw new UnsupportedOperationException("raw bodies only: no object mapping");
    }

    private static final class Holder {
        // Looked up on first use only (opensearch-java depends on Parsson).
        static final JsonProvider PROVIDER = JsonProvider.provider();
    }
}
