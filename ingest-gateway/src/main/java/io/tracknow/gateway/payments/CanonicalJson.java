package io.tracknow.gateway.payments;

import io.tracknow.gateway.intake.InvalidWebhookException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical forms CMI and Société Générale Maroc sign, reproduced from their Python reference code
 * (docs/ingest-gateway.md, "Payment-provider callbacks"):
 * CMI signs {@code json.dumps(payload, separators=(',', ':'), sort_keys=True)} (keys sorted at every
 * depth, no blanks, non-ASCII escaped as \\uXXXX); Société Générale Maroc signs the concatenation of
 * {@code str(value)} in sorted key order. Both exclude the {@code signature} field itself.
 */
final class CanonicalJson {

    private static final JsonMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CanonicalJson() {}

    /** Compact JSON with keys sorted at every depth, as Python's sort_keys=True writes it. */
    static String sortedCompact(JsonNode node) {
        return asciiOnly(SORTED.writeValueAsString(sorted(node)));
    }

    /** Python's ensure_ascii: every non-ASCII UTF-16 unit as a lower-case \\uXXXX escape (Jackson's own is upper-case). */
    private static String asciiOnly(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new java.util.TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), sorted(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(sorted(element)));
            return list;
        }
        if (node.isFloatingPointNumber()) {
            // the body is read with exact decimals (JsonBodies); the provider's Python code signs its float
            return node.asDouble();
        }
        return node;
    }

    /** Python's {@code ''.join(str(payload[k]) for k in sorted(payload))} for a flat object. */
    static String sortedValues(ObjectNode payload) {
        List<String> keys = new ArrayList<>(payload.propertyNames());
        java.util.Collections.sort(keys);
        StringBuilder message = new StringBuilder();
        for (String key : keys) {
            JsonNode value = payload.get(key);
            if (value.isContainer()) {
                throw new InvalidWebhookException(
                        "field " + key + " is nested: Société Générale Maroc signs flat callbacks only");
            }
            message.append(pythonStr(value));
        }
        return message.toString();
    }

    private static String pythonStr(JsonNode value) {
        if (value.isNull()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        if (value.isFloatingPointNumber()) {
            return Double.toString(value.asDouble());
        }
        return value.asString();
    }

    /** The body minus the named signature fields, for the event's payloadJson. */
    static String without(JsonMapper json, ObjectNode body, String... fields) {
        ObjectNode copy = body.deepCopy();
        for (String field : fields) {
            copy.remove(field);
        }
        return json.writeValueAsString(copy);
    }
}
