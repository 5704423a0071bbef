package io.tracknow.messaging.kafka;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's Avro datum provider with its writers and readers cached by the {@link Schema} itself.
 *
 * <p>Apicurio serde 3.1.7's {@link DefaultAvroDatumProvider} keys its caches by the schema's parsing
 * fingerprint, which it computes again for every record: {@code SchemaNormalization.parsingFingerprint64}
 * walks the whole schema and hashes its canonical form. Under the gateway bench that was more than half of
 * the Avro serialization's CPU (docs/ingest-gateway.md, "Benchmark"). The schema a serializer or
 * deserializer passes in is the one its resolver cached (the same instance record after record), and a
 * {@code Schema} keeps its hash code once computed, so a map keyed by the schema costs a lookup. Apicurio
 * made the same change upstream (keys by schema, which also tells apart schemas that differ only in their
 * properties, Apicurio/apicurio-registry#8129), in releases not served here.
 *
 * <p>Configured by {@link AvroSerde#registry(String)} for every producer and consumer.
 */
public class SchemaKeyedDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** As many schemas as any one client sees in practice; a client that sees more starts over. */
    static final int MAX_SCHEMAS = 1000;

    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (data instanceof SpecificRecord) {
            return cached(specificWriters, schema, SpecificDatumWriter::new);
        }
        return cached(genericWriters, schema, GenericDatumWriter::new);
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        return cached(readers, schema, super::createDatumReader);
    }

    private static <V> V cached(Map<Schema, V> cache, Schema schema, Function<Schema, V> make) {
        V found = cache.get(schema);
        if (found != null) {
            return found;
        }
        if (cache.size() >= MAX_SCHEMAS) {
            cache.clear();
        }
        return cache.computeIfAbsent(schema, make);
    }
}
