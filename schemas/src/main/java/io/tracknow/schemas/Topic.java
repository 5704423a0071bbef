package io.tracknow.schemas;

import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic of the platform: its name, the one Avro type its values have, and how a value's key is
 * made. Producers hand a value to a topic and the topic derives the key, so two producers of one topic
 * cannot key it differently; consumers receive values of the topic's type.
 *
 * @param <V> the generated Avro class of the topic's values
 */
public final class Topic<V extends SpecificRecord> {

    private final String name;
    private final Class<V> valueType;
    private final Schema valueSchema;
    private final Function<? super V, String> key;
    private final boolean compacted;

    private Topic(
            String name, Class<V> valueType, Schema valueSchema, Function<? super V, String> key, boolean compacted) {
        this.name = Objects.requireNonNull(name);
        this.valueType = Objects.requireNonNull(valueType);
        this.valueSchema = Objects.requireNonNull(valueSchema);
        this.key = Objects.requireNonNull(key);
        this.compacted = compacted;
    }

    /** A topic whose records are deleted by age; what its consumers cannot process goes to {@link #dlq()}. */
    static <V extends SpecificRecord> Topic<V> events(
            String name, Class<V> valueType, Schema valueSchema, Function<? super V, String> key) {
        return new Topic<>(name, valueType, valueSchema, key, false);
    }

    /** A compacted topic (cleanup.policy=compact): the latest value per key is the key's state. No dead letters. */
    static <V extends SpecificRecord> Topic<V> table(
            String name, Class<V> valueType, Schema valueSchema, Function<? super V, String> key) {
        return new Topic<>(name, valueType, valueSchema, key, true);
    }

    public String name() {
        return name;
    }

    public Class<V> valueType() {
        return valueType;
    }

    public Schema valueSchema() {
        return valueSchema;
    }

    public boolean compacted() {
        return compacted;
    }

    /** The key this topic files {@code value} under; the one place each topic's key is built. */
    public String keyOf(V value) {
        String made = key.apply(value);
        if (made == null || made.isEmpty()) {
            throw new IllegalArgumentException(
                    name + ": a " + valueType.getSimpleName() + " without the fields of its key");
        }
        return made;
    }

    /** {@code value} as this topic's value type, or an exception naming both when it is another type. */
    public V cast(Object value) {
        if (!valueType.isInstance(value)) {
            throw new IllegalArgumentException(name + " carries " + valueType.getName() + ", not "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return valueType.cast(value);
    }

    /** The dead-letter topic of this topic. */
    public String dlq() {
        return Topics.dlq(name);
    }

    /** The registry subject of this topic's values (Confluent's TopicNameStrategy). */
    public String valueSubject() {
        return Topics.valueSubject(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
