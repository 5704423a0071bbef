package io.tracknow.gateway.intake;

import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One webhook request as it arrived: the raw bytes are what signatures are computed over.
 *
 * @param contentType the request's media type, null when absent or unparsable
 */
public record Delivery(
        String source,
        String merchantId,
        HttpHeaders headers,
        MediaType contentType,
        byte[] body,
        Instant receivedAt,
        ParsedBody parsed) {

    public Delivery(
            String source,
            String merchantId,
            HttpHeaders headers,
            MediaType contentType,
            byte[] body,
            Instant receivedAt) {
        this(source, merchantId, headers, contentType, body, receivedAt, new ParsedBody());
    }

    /**
     * The body as a JSON object ({@link JsonBodies#object}), parsed once however many steps read it. The
     * tree is shared: a step that needs to change it works on a copy.
     */
    public JsonNode jsonObject(JsonMapper json) {
        return parsed.tree(json, body);
    }

    /** Holds the parsed body of one delivery (a request is handled by one thread at a time). */
    public static final class ParsedBody {
        private JsonNode tree;

        JsonNode tree(JsonMapper json, byte[] body) {
            if (tree == null) {
                tree = JsonBodies.object(json, body);
            }
            return tree;
        }

        @Override
        public String toString() {
            return "ParsedBody";
        }
    }

    public String header(String name) {
        return headers.getFirst(name);
    }
}
