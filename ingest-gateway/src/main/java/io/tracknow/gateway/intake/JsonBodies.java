package io.tracknow.gateway.intake;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading webhook JSON: malformed bodies and missing fields are 400 with the field named. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode object(JsonMapper json, byte[] raw) {
        try {
            JsonNode tree = json.readTree(raw);
            if (tree == null || !tree.isObject()) {
                throw new InvalidWebhookException("the body must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw new InvalidWebhookException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static JsonNode required(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            throw new InvalidWebhookException("missing required field " + field);
        }
        return node;
    }

    public static String text(JsonNode node, String name) {
        if (!node.isValueNode() || node.asString().isBlank()) {
            throw new InvalidWebhookException(name + " must be a non-empty value");
        }
        return node.asString();
    }

    /** A non-blank text value or null. */
    public static String optionalText(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        String value = node.asString();
        return value == null || value.isBlank() ? null : value;
    }
}
