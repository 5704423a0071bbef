package io.tracknow.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.tracknow.events.clicks.LinkClicked;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class SchemaKeyedDatumProviderTest {

    private static LinkClicked click() {
        return LinkClicked.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(Instant.parse("2026-12-07T10:00:00Z"))
                .setClickId("c-1")
                .setShortCode("abc")
                .setMerchantId("m-1")
                .setInfluencerId("i-1")
                .setUserAgent("curl/8")
                .build();
    }

    private static SchemaKeyedDatumProvider<Object> provider(boolean specificReader) {
        SchemaKeyedDatumProvider<Object> provider = new SchemaKeyedDatumProvider<>();
        Map<String, Object> config = new HashMap<>(AvroSerde.registry("http://127.0.0.1:1"));
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, specificReader);
        provider.configure(new AvroSerdeConfig(config));
        return provider;
    }

    @Test
    void everyProducerAndConsumerIsConfiguredWithIt() {
        assertThat(new AvroSerdeConfig(AvroSerde.producer("http://127.0.0.1:1")).getAvroDatumProvider())
                .isEqualTo(SchemaKeyedDatumProvider.class);
        assertThat(new AvroSerdeConfig(AvroSerde.consumer("http://127.0.0.1:1")).getAvroDatumProvider())
                .isEqualTo(SchemaKeyedDatumProvider.class);
    }

    @Test
    void aSchemaSeenBeforeGetsTheSameWriterAndReader() {
        SchemaKeyedDatumProvider<Object> provider = provider(true);
        Schema schema = LinkClicked.getClassSchema();
        DatumWriter<Object> writer = provider.createDatumWriter(click(), schema);
        assertThat(writer).isInstanceOf(SpecificDatumWriter.class);
        assertThat(provider.createDatumWriter(click(), schema)).isSameAs(writer);
        // an equal schema parsed again (another instance) finds it too
        Schema parsedAgain = new Schema.Parser().parse(schema.toString());
        assertThat(provider.createDatumWriter(click(), parsedAgain)).isSameAs(writer);
        DatumReader<Object> reader = provider.createDatumReader(schema);
        assertThat(provider.createDatumReader(schema)).isSameAs(reader);
    }

    @Test
    void aSpecificRecordWrittenAndReadBackIsUnchanged() throws IOException {
        SchemaKeyedDatumProvider<Object> provider = provider(true);
        LinkClicked click = click();
        Schema schema = click.getSchema();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        provider.createDatumWriter(click, schema).write(click, encoder);
        encoder.flush();
        Object read = provider.createDatumReader(schema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(read).isInstanceOf(LinkClicked.class).isEqualTo(click);
    }

    @Test
    void aGenericRecordGetsAGenericWriterOfItsOwn() {
        SchemaKeyedDatumProvider<Object> provider = provider(false);
        Schema schema = LinkClicked.getClassSchema();
        GenericRecord generic = new GenericData.Record(schema);
        DatumWriter<Object> genericWriter = provider.createDatumWriter(generic, schema);
        DatumWriter<Object> specificWriter = provider.createDatumWriter(click(), schema);
        assertThat(genericWriter).isNotInstanceOf(SpecificDatumWriter.class);
        assertThat(specificWriter).isInstanceOf(SpecificDatumWriter.class);
        assertThat(provider.createDatumWriter(generic, schema)).isSameAs(genericWriter);
    }

    @Test
    void schemasThatDifferOnlyInTheirPropertiesGetWritersOfTheirOwn() {
        // the fingerprint the default provider keys by ignores properties (Apicurio/apicurio-registry#8129)
        SchemaKeyedDatumProvider<Object> provider = provider(true);
        Schema plain = new Schema.Parser().parse(LinkClicked.getClassSchema().toString());
        Schema withProperty =
                new Schema.Parser().parse(LinkClicked.getClassSchema().toString());
        withProperty.addProp("connect.name", "clicks");
        assertThat(provider.createDatumWriter(click(), withProperty))
                .isNotSameAs(provider.createDatumWriter(click(), plain));
    }

    @Test
    void aClientThatSeesTooManySchemasStartsOver() {
        SchemaKeyedDatumProvider<Object> provider = provider(true);
        Schema first = LinkClicked.getClassSchema();
        DatumWriter<Object> writer = provider.createDatumWriter(click(), first);
        for (int i = 0; i < SchemaKeyedDatumProvider.MAX_SCHEMAS; i++) {
            Schema other = new Schema.Parser().parse(first.toString());
            other.addProp("n", Integer.toString(i));
            provider.createDatumWriter(click(), other);
        }
        assertThat(provider.createDatumWriter(click(), first)).isNotSameAs(writer);
    }
}
