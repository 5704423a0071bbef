package io.tracknow.gateway.payments;

import io.tracknow.gateway.intake.InvalidWebhookException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** The exact bytes of a top-level member's value, for schemes that sign a part of the body as sent. */
final class RawJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RawJson() {}

    static String member(byte[] body, String name) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidWebhookException("the body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                long start = parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                if (field.equals(name)) {
                    long end = parser.currentLocation().getByteOffset();
                    if (value.isStructStart() || value.isScalarValue()) {
                        return new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new InvalidWebhookException("missing required field " + name);
    }
}
