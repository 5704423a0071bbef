package io.tracknow.messaging.outbox;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;

/**
 * The schema an outbox row was written with, named by its Avro parsing fingerprint (CRC-64-AVRO of the
 * schema's canonical form, the same for two texts of one schema): computed once per event class.
 */
final class WriterSchemas {

    private static final ClassValue<Long> FINGERPRINTS = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            return fingerprint(SpecificData.get().getSchema(type));
        }
    };

    private WriterSchemas() {}

    /** The fingerprint of a generated event class's schema (the schema this code writes and reads). */
    static long fingerprint(Class<?> eventClass) {
        return FINGERPRINTS.get(eventClass);
    }

    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
