package io.tracknow.gateway.webhooklog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    private EventCodec() {}

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
