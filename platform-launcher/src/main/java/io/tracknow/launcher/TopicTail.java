package io.tracknow.launcher;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./platform tail <topic> [--from-beginning] [--key K] [--max N]}: prints a topic's events as JSON lines,
 * decoded through the schema registry (the writer's schema, as any Confluent-format reader would):
 * one line per record with its partition, offset, timestamp, key, headers and value. Live by default
 * (only what arrives from now on); {@code --from-beginning} reads what the topic holds first.
 * {@code --key K} prints only the records of one key (one order, one influencer, one payment: see
 * docs/schemas.md for each topic's key); {@code --max N} stops after N printed records. It assigns itself every partition and commits nothing, so it
 * joins no consumer group and disturbs no service. A value that cannot be decoded (on a dead-letter
 * topic, say) is printed with its {@code error} and raw {@code valueBase64} instead of stopping.
 */
final class TopicTail {

    static final String USAGE = "usage: ./platform tail <topic> [--from-beginning] [--key K] [--max N]   topics: "
            + String.join(", ", Topics.names()) + " (and each one's .dlq, but the compacted "
            + Topics.ALL.stream().filter(Topic::compacted).map(Topic::name).collect(Collectors.joining(", ")) + "'s)";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Apicurio's client warns, through java.util.logging, that it uses a shared Vert.x instance: advice for a
     * long-running service, noise on a terminal. Held here so that the level set on it is not collected.
     */
    private static final java.util.logging.Logger VERTX_ADVICE =
            java.util.logging.Logger.getLogger("io.apicurio.registry.client.common.DefaultVertxInstance");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Function<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopped;

    TopicTail(Function<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    record Options(String topic, boolean fromBeginning, String key, long max) {

        /** Parses the arguments after {@code tail}; throws IllegalArgumentException with what is wrong. */
        static Options parse(List<String> args) {
            String topic = null;
            boolean fromBeginning = false;
            String key = null;
            long max = Long.MAX_VALUE;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--from-beginning" -> fromBeginning = true;
                    case "--max" -> max = positive(value(args, ++i, "--max"));
                    case "--key" -> key = value(args, ++i, "--key");
                    default -> {
                        if (arg.startsWith("-") || topic != null) {
                            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                        }
                        topic = arg;
                    }
                }
            }
            if (topic == null) {
                throw new IllegalArgumentException("which topic?");
            }
            if (!known(topic)) {
                throw new IllegalArgumentException("no topic '" + topic + "'");
            }
            return new Options(topic, fromBeginning, key, max);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(index);
        }

        private static long positive(String text) {
            try {
                long value = Long.parseLong(text);
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("--max needs a positive number, not '" + text + "'");
        }

        private static boolean known(String topic) {
            return Topics.byName(topic).isPresent()
                    || Topics.ALL.stream()
                            .filter(t -> !t.compacted())
                            .map(Topic::dlq)
                            .anyMatch(topic::equals);
        }
    }

    /** Runs until {@code --max} records were printed or {@link #stop()}; returns the exit code. */
    int run(List<String> args) {
        VERTX_ADVICE.setLevel(java.util.logging.Level.SEVERE);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Optional<RunningPlatform> platform = RunningPlatform.find(env);
        if (platform.isEmpty()) {
            err.println("no running platform found at "
                    + RunningPlatform.stateFile(env).toAbsolutePath()
                    + "; start one with ./platform start, or set " + RunningPlatform.BOOTSTRAP_ENV + " and "
                    + RunningPlatform.REGISTRY_ENV);
            return 1;
        }
        tail(platform.get(), options);
        return 0;
    }

    /** Ends a running {@link #run}, from another thread (Ctrl-C). */
    void stop() {
        stopped = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void tail(RunningPlatform platform, Options options) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "platform-tail-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> serde = AvroSerde.registry(platform.registryApiUrl());
        serde.put("apicurio.registry.use-specific-avro-reader", false);
        long printed = 0;
        try (AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>();
                KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config)) {
            values.configure(serde, false);
            consumer = kafka;
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : kafka.partitionsFor(options.topic(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            kafka.assign(partitions);
            if (options.fromBeginning()) {
                kafka.seekToBeginning(partitions);
                err.println("reading " + options.topic() + " from the beginning");
            } else {
                kafka.seekToEnd(partitions);
                partitions.forEach(kafka::position); // fix "the end" now, not at the first poll
                err.println("waiting for new events on " + options.topic() + " (Ctrl-C stops)");
            }
            while (!stopped && printed < options.max()) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    if (options.key() != null && !options.key().equals(record.key())) {
                        continue;
                    }
                    out.println(JSON.writeValueAsString(line(record, values)));
                    if (++printed >= options.max()) {
                        break;
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // stop() during a poll: a normal end
        } finally {
            consumer = null;
        }
    }

    /** A header as text when it is printable UTF-8 (trace context, error messages), else base64. */
    private static String headerText(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(value))
                    .toString();
            if (text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // binary, e.g. the dead-letter topic's original partition and offset
        }
        return "base64:" + Base64.getEncoder().encodeToString(value);
    }

    private static ObjectNode line(ConsumerRecord<String, byte[]> record, AvroKafkaDeserializer<Object> values) {
        ObjectNode line = NODES.objectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
        line.put("key", record.key());
        if (record.headers().toArray().length > 0) {
            ObjectNode headers = line.putObject("headers");
            for (Header header : record.headers()) {
                headers.put(header.key(), headerText(header.value()));
            }
        }
        if (record.value() == null) {
            line.putNull("value");
            return line;
        }
        try {
            Object value = values.deserialize(record.topic(), record.headers(), record.value());
            if (value instanceof GenericContainer container) {
                line.set("value", AvroJson.toJson(value, container.getSchema()));
            } else {
                line.put("value", String.valueOf(value));
            }
        } catch (RuntimeException e) {
            line.put("error", "cannot decode the value: " + e.getMessage());
            line.put("valueBase64", Base64.getEncoder().encodeToString(record.value()));
        }
        return line;
    }
}
