package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.embedded.EmbeddedInfra;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.messaging.kafka.AvroSerde;
import io.tracknow.messaging.testsupport.TestEvents;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./platform tail} against the real broker and registry: values come out as JSON through the
 * registry (unions as their branch, timestamps as instants, money as minor units), live mode shows only
 * what arrives after it started, an undecodable value is shown rather than stopping the tail, and bad
 * arguments or a missing platform are refused with a clear message.
 */
class TopicTailTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EmbeddedInfra INFRA = TestInfra.infra();

    @TempDir
    Path stateDir;

    @Test
    void printsATopicFromTheBeginningAsJsonLinesDecodedThroughTheRegistry() throws Exception {
        String influencer = "tail-" + UUID.randomUUID();
        Instant holdUntil = Instant.parse("2026-12-15T10:00:00Z");
        CommissionEvent first = TestEvents.commissionAccrued(influencer, "m-tail", "MAD", 1_883, 628, holdUntil);
        CommissionEvent second = TestEvents.commissionAccrued(influencer, "m-tail", "MAD", 250, 100, holdUntil);
        send(Topics.COMMISSIONS.name(), influencer, first);
        send(Topics.COMMISSIONS.name(), influencer, second);

        Run run = tail(List.of(Topics.COMMISSIONS.name(), "--from-beginning", "--key", influencer, "--max", "2"));

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = run.lines();
        assertThat(lines).hasSize(2);
        JsonNode line = lines.get(0);
        assertThat(line.path("topic").asString()).isEqualTo(Topics.COMMISSIONS.name());
        assertThat(line.path("key").asString()).isEqualTo(influencer);
        assertThat(line.path("offset").isIntegralNumber()).isTrue();
        JsonNode value = line.path("value");
        assertThat(value.path("eventId").asString()).isEqualTo(first.getEventId());
        assertThat(value.path("commissionId").asString()).isEqualTo(first.getCommissionId());
        assertThat(value.path("source").asString()).isEqualTo("TIKTOK_SHOP");
        assertThat(value.path("occurredAt").asString())
                .isEqualTo(first.getOccurredAt().toString());
        JsonNode accrued = value.path("event");
        assertThat(accrued.path("influencerMinor").asLong()).isEqualTo(1_883);
        assertThat(accrued.path("platformMinor").asLong()).isEqualTo(628);
        assertThat(accrued.path("holdUntil").asString()).isEqualTo("2026-12-15T10:00:00Z");
        assertThat(lines.get(1).path("value").path("eventId").asString()).isEqualTo(second.getEventId());
    }

    @Test
    void liveModeShowsOnlyWhatArrivesAfterItStarted() throws Exception {
        String influencer = "tail-live-" + UUID.randomUUID();
        Instant holdUntil = Instant.parse("2026-12-15T10:00:00Z");
        CommissionEvent before = TestEvents.commissionAccrued(influencer, "m-tail", "USD", 100, 50, holdUntil);
        CommissionEvent after = TestEvents.commissionAccrued(influencer, "m-tail", "USD", 200, 50, holdUntil);
        send(Topics.COMMISSIONS.name(), influencer, before);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TopicTail tail = new TopicTail(
                env(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> tail.run(List.of(Topics.COMMISSIONS.name(), "--key", influencer, "--max", "1")));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> err.toString(StandardCharsets.UTF_8).contains("waiting for new events"));
            send(Topics.COMMISSIONS.name(), influencer, after);
            assertThat(running.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            tail.stop();
        }

        List<JsonNode> lines = lines(out.toString(StandardCharsets.UTF_8));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("value").path("eventId").asString()).isEqualTo(after.getEventId());
    }

    @Test
    void anUndecodableValueIsShownWithItsBytesAndTheTailGoesOn() throws Exception {
        String key = "tail-raw-" + UUID.randomUUID();
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        CommissionEvent readable = TestEvents.commissionAccrued(key, "m-tail", "USD", 300, 50, Instant.now());
        String dlq = Topics.COMMISSIONS.dlq();
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(rawProducer())) {
            raw.send(new ProducerRecord<>(dlq, key, garbage)).get(30, TimeUnit.SECONDS);
        }
        send(dlq, key, readable);

        Run run = tail(List.of(dlq, "--from-beginning", "--key", key, "--max", "2"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(2);
        JsonNode broken = run.lines().get(0);
        assertThat(broken.path("error").asString()).startsWith("cannot decode the value");
        assertThat(Base64.getDecoder().decode(broken.path("valueBase64").asString()))
                .isEqualTo(garbage);
        assertThat(run.lines().get(1).path("value").path("eventId").asString()).isEqualTo(readable.getEventId());
    }

    @Test
    void refusesBadArgumentsWithTheUsage() {
        for (List<String> args : List.of(
                List.<String>of(),
                List.of("no-such-topic.v1"),
                List.of(Topics.ORDERS.name(), "--max", "zero"),
                List.of(Topics.ORDERS.name(), "--max", "-3"),
                List.of(Topics.ORDERS.name(), "--key"),
                List.of(Topics.ORDERS.name(), "--follow"),
                List.of(Topics.ORDERS.name(), Topics.SALES.name()))) {
            Run run = tail(args);
            assertThat(run.code()).as("%s", args).isEqualTo(2);
            assertThat(run.out()).as("%s", args).isEmpty();
            assertThat(run.err()).as("%s", args).contains("usage: ./platform tail", Topics.ORDERS.name());
        }
    }

    @Test
    void saysHowToStartAPlatformWhenNoneIsRunning() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TopicTail(
                        name -> name.equals("TRACKNOW_STATE_DIR") ? stateDir.toString() : null,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(Topics.ORDERS.name()));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no running platform found", "./platform start", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void findsThePlatformThatStartWroteDown() throws Exception {
        new RunningPlatform(INFRA.kafka().bootstrapServers(), INFRA.registry().apiUrl())
                .write(name -> name.equals("TRACKNOW_STATE_DIR") ? stateDir.toString() : null);
        String influencer = "tail-state-" + UUID.randomUUID();
        CommissionEvent event = TestEvents.commissionAccrued(influencer, "m-tail", "USD", 100, 50, Instant.now());
        send(Topics.COMMISSIONS.name(), influencer, event);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new TopicTail(
                        name -> name.equals("TRACKNOW_STATE_DIR") ? stateDir.toString() : null,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream()))
                .run(List.of(Topics.COMMISSIONS.name(), "--from-beginning", "--key", influencer, "--max", "1"));

        assertThat(code).isZero();
        assertThat(lines(out.toString(StandardCharsets.UTF_8))
                        .get(0)
                        .path("value")
                        .path("eventId")
                        .asString())
                .isEqualTo(event.getEventId());
    }

    /** The services' own variables, as an operator pointing the tail at a deployment sets them. */
    private Function<String, String> env() {
        return Map.of(
                RunningPlatform.BOOTSTRAP_ENV,
                INFRA.kafka().bootstrapServers(),
                RunningPlatform.REGISTRY_ENV,
                INFRA.registry().apiUrl(),
                "TRACKNOW_STATE_DIR",
                stateDir.toString())::get;
    }

    private Run tail(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TopicTail(
                        env(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void send(String topic, String key, Object value) throws Exception {
        Map<String, Object> config =
                new HashMap<>(AvroSerde.producer(INFRA.registry().apiUrl()));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafka().bootstrapServers());
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> rawProducer() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
    }

    private static List<JsonNode> lines(String text) {
        return text.lines().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
    }

    private record Run(int code, String out, String err) {

        List<JsonNode> lines() {
            return TopicTailTest.lines(out);
        }
    }
}
