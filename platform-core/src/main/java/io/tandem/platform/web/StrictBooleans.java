package io.tandem.platform.web;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * JSON booleans are {@code true} and {@code false}, nothing else. The framework's default reads any
 * string as a boolean ({@code "yes"} became {@code false} and deactivated a user); here anything but
 * a JSON boolean (or null, for an optional field) is a 400 naming the value.
 */
@Singleton
public class StrictBooleans implements Deserializer<Boolean> {

    @Override
    public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Boolean b) {
            return b;
        }
        throw decoder.createDeserializationException("Expected true or false, not " + describe(value), value);
    }

    @Override
    public Boolean deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
        if (decoder.decodeNull()) {
            return null;
        }
        return deserialize(decoder, context, type);
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"" : String.valueOf(value);
    }
}
