package io.tracknow.launcher;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Avro value as plain JSON, for people reading a topic: records are objects with their fields in
 * schema order, a union is written as its branch's value (not Avro-JSON's {@code {"string": ...}}
 * wrapper), enums and strings as text, {@code timestamp-millis}/{@code timestamp-micros} as ISO-8601
 * instants, bytes and fixed as base64. Money stays as the long minor units the schema carries.
 */
final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    static JsonNode toJson(Object datum, Schema schema) {
        return switch (schema.getType()) {
            case NULL -> NODES.nullNode();
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case INT -> NODES.numberNode((Integer) datum);
            case LONG -> longValue(datum, schema.getLogicalType());
            case FLOAT -> NODES.numberNode((Float) datum);
            case DOUBLE -> NODES.numberNode((Double) datum);
            case STRING, ENUM -> NODES.textNode(datum.toString());
            case BYTES -> NODES.textNode(base64(((ByteBuffer) datum).duplicate()));
            case FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case UNION -> toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            case ARRAY -> array((Collection<?>) datum, schema.getElementType());
            case MAP -> map((Map<?, ?>) datum, schema.getValueType());
            case RECORD -> record((IndexedRecord) datum, schema);
        };
    }

    private static JsonNode longValue(Object datum, LogicalType logicalType) {
        if (datum instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        long value = (Long) datum;
        if (logicalType instanceof LogicalTypes.TimestampMillis) {
            return NODES.textNode(Instant.ofEpochMilli(value).toString());
        }
        if (logicalType instanceof LogicalTypes.TimestampMicros) {
            return NODES.textNode(
                    Instant.EPOCH.plusNanos(Math.multiplyExact(value, 1000L)).toString());
        }
        return NODES.numberNode(value);
    }

    private static ObjectNode record(IndexedRecord record, Schema schema) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            node.set(field.name(), toJson(record.get(field.pos()), field.schema()));
        }
        return node;
    }

    private static ArrayNode array(Collection<?> values, Schema elementType) {
        ArrayNode node = NODES.arrayNode();
        values.forEach(value -> node.add(toJson(value, elementType)));
        return node;
    }

    private static ObjectNode map(Map<?, ?> values, Schema valueType) {
        ObjectNode node = NODES.objectNode();
        values.forEach((key, value) -> node.set(key.toString(), toJson(value, valueType)));
        return node;
    }

    private static String base64(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
