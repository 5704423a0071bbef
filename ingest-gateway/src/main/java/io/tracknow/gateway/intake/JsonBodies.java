package io.tracknow.gateway.intake;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;

/**
 * Reading webhook JSON, the same way on every route. The body is read strictly: a key repeated in one
 * object ({@code "total_price":"1.00","total_price":"125.50"}) is refused, since another parser (the
 * shop's, a downstream reader's) may take the other value; decimals are read as exact decimals, never
 * as doubles. Fields are read by type: a field that is absent (or null) where it is optional reads as
 * absent, but a field that is present with the wrong type ({@code "line_items": "text"}) is refused rather
 * than dropped. Every refusal is an {@link InvalidWebhookException} (400) naming the field.
 */
public final class JsonBodies {

    private JsonBodies() {}

    public static JsonNode object(JsonMapper json, byte[] raw) {
        try {
            JsonNode tree = json.reader()
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(raw);
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

    /** A required scalar (text, or a number such as a numeric id) that is not blank. */
    public static String text(JsonNode node, String name) {
        if (!node.isValueNode() || node.asString().isBlank()) {
            throw new InvalidWebhookException(name + " must be a non-empty value, not " + describe(node));
        }
        return node.asString();
    }

    /** An optional scalar: absent, null or blank reads as null; an object or array is refused. */
    public static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new InvalidWebhookException(field + " must be a text value, not " + describe(node));
        }
        String value = node.asString();
        return value.isBlank() ? null : value;
    }

    /** A required object. */
    public static JsonNode requiredObject(JsonNode parent, String field) {
        return object(required(parent, field), field);
    }

    /** An optional object: absent or null reads as a missing node, whose fields all read as absent. */
    public static JsonNode optionalObject(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        return node.isMissingNode() || node.isNull() ? MissingNode.getInstance() : object(node, field);
    }

    /** An optional array: absent or null reads as empty. */
    public static JsonNode array(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw new InvalidWebhookException(field + " must be an array, not " + describe(node));
        }
        return node;
    }

    /** An optional array of objects (line items, discount codes): absent or null reads as empty. */
    public static java.util.List<JsonNode> objects(JsonNode parent, String field) {
        java.util.List<JsonNode> elements = new java.util.ArrayList<>();
        int index = 0;
        for (JsonNode element : array(parent, field)) {
            elements.add(object(element, field + "[" + index++ + "]"));
        }
        return elements;
    }

    /** A required whole JSON number that fits a long ({@code 12.5}, {@code "12"} or 2^63 are refused). */
    public static long wholeNumber(JsonNode parent, String field) {
        return whole(required(parent, field), field);
    }

    /** An optional whole JSON number that fits a long; absent or null reads as the fallback. */
    public static long optionalWholeNumber(JsonNode parent, String field, long fallback) {
        JsonNode node = parent.path(field);
        return node.isMissingNode() || node.isNull() ? fallback : whole(node, field);
    }

    /** An optional whole JSON number that fits an int; absent or null reads as the fallback. */
    public static int optionalInt(JsonNode parent, String field, int fallback) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        long value = whole(node, field);
        if (value != (int) value) {
            throw new InvalidWebhookException(field + " " + value + " is out of range");
        }
        return (int) value;
    }

    private static long whole(JsonNode node, String field) {
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new InvalidWebhookException(field + " must be a whole number, not " + describe(node));
        }
        return node.asLong();
    }

    private static JsonNode object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new InvalidWebhookException(field + " must be an object, not " + describe(node));
        }
        return node;
    }

    private static String describe(JsonNode node) {
        if (node.isMissingNode()) {
            return "absent";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
