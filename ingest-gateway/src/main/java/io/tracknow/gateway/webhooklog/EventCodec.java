package io.tracknow.gateway.webhooklog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps a published event in the log as Avro binary with the schema it was written with, so that a
 * replay after a schema evolution still reads it (writer schema resolved against today's class).
 */
final class EventCodec {

    /** A schema's JSON text, and that text's fingerprint: computed once per schema, not per webhook. */
    private static final Map<Schema, String> TEXTS = new ConcurrentHashMap<>();

    private static final Map<String, String> FINGERPRINTS = new ConcurrentHashMap<>();

    private EventCodec() {}

    /** The writer schema as stored with a log line. */
    static String schemaText(Schema schema) {
        return TEXTS.computeIfAbsent(schema, Schema::toString);
    }

    /** What names a writer schema in {@code webhook_event_schemas}: hex SHA-256 of its JSON text. */
    static String fingerprint(String schemaText) {
        return FINGERPRINTS.computeIfAbsent(schemaText, text -> {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        });
    }

    static byte[] encode(SpecificRecord event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static SpecificRecord decode(String writerSchema, byte[] avro) {
        Schema writer = new Schema.Parser().parse(writerSchema);
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null) {
            throw new IllegalStateException("no generated class for " + writer.getFullName());
        }
        Schema reader = SpecificData.get().getSchema(type);
        try {
            return new SpecificDatumReader<SpecificRecord>(writer, reader)
                    .read(null, DecoderFactory.get().binaryDecoder(avro, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
