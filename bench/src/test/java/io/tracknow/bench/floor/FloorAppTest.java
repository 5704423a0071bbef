package io.tracknow.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.tracknow.bench.Deliveries;
import io.tracknow.embedded.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The floor endpoints as bench/run starts them: their own JVM on the bare classpath (target/bare.classpath,
 * so that nothing the tests' classpath adds configures them), a real broker, the real PostgreSQL. They
 * answer only once the body is on the topic (and its order id in the table), and refuse what is not a
 * delivery without writing anything.
 */
class FloorAppTest {

    private static final String DATABASE = "bench_floor_test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaBroker broker;
    private static Process floor;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String classpath = "target/classes" + java.io.File.pathSeparator
                + Files.readString(Path.of("target/bare.classpath")).trim();
        Path log = Files.createTempFile("floor-app", ".log");
        floor = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        classpath,
                        FloorApp.class.getName(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--floor.bootstrap=" + broker.bootstrapServers(),
                        "--floor.db.host=" + env("DB_HOST", "127.0.0.1"),
                        "--floor.db.port=" + env("DB_PORT", "5432"),
                        "--floor.db.user=" + env("DB_USER", "postgres"),
                        "--floor.db.password=" + env("DB_PASSWORD", ""),
                        "--floor.db.name=" + DATABASE)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        url = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(floor.isAlive())
                            .as("floor endpoints stopped: %s", Files.readString(log))
                            .isTrue();
                    try {
                        return post("/kafka-pg", "{\"data\":{\"order_id\":\"floor-test-ready\"}}")
                                        .statusCode()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (floor != null) {
            floor.destroy();
            floor.waitFor();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void answersADeliveryOnlyOnceItsBodyIsOnTheTopicAndItsOrderIdInTheTable() throws Exception {
        Deliveries.Delivery delivery =
                Deliveries.of("floor-test-1", Instant.now().getEpochSecond());

        HttpResponse<String> answer = post("/kafka-pg", delivery.body());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"status\":\"accepted\"");
        // acks=all came before the answer: the record is readable now
        assertThat(records()).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo("floor-test-1");
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(delivery.body());
        });
        assertThat(rows("floor-test-1")).isEqualTo(1);
    }

    @Test
    void theBatchedEndpointWritesEveryOneOfConcurrentDeliveriesBeforeAnsweringIt() throws Exception {
        List<Deliveries.Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            deliveries.add(Deliveries.of("floor-batch-" + i, Instant.now().getEpochSecond()));
        }

        List<HttpResponse<String>> answers = Flux.fromIterable(deliveries)
                .flatMap(d -> Mono.fromCompletionStage(
                        HTTP.sendAsync(request("/kafka-pg-batched", d.body()), HttpResponse.BodyHandlers.ofString())))
                .collectList()
                .block();

        assertThat(answers)
                .hasSize(40)
                .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
        assertThat(rows("floor-batch-%")).isEqualTo(40);
        assertThat(records())
                .filteredOn(r -> r.key().startsWith("floor-batch-"))
                .hasSize(40);
    }

    @Test
    void theKafkaOnlyEndpointPublishesAndWritesNoRow() throws Exception {
        Deliveries.Delivery delivery =
                Deliveries.of("floor-test-2", Instant.now().getEpochSecond());

        assertThat(post("/kafka", delivery.body()).statusCode()).isEqualTo(200);

        assertThat(records()).anySatisfy(r -> assertThat(r.key()).isEqualTo("floor-test-2"));
        assertThat(rows("floor-test-2")).isZero();
    }

    @Test
    void refusesABodyThatIsNotJsonOrHasNoOrderIdAndWritesNothing() throws Exception {
        int before = records().size();

        assertThat(post("/kafka-pg", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/kafka-pg", "{\"data\":{}}").statusCode()).isEqualTo(400);
        assertThat(post("/kafka", "[1,2]").statusCode()).isEqualTo(400);

        assertThat(records()).hasSize(before);
        assertThat(rows("%")).isEqualTo(rowsOfEarlierTests());
    }

    private static long rowsOfEarlierTests() {
        // the readiness probe's row, and the other tests' when they ran first
        return rows("floor-test-ready") + rows("floor-test-1") + rows("floor-batch-%");
    }

    private static HttpResponse<String> post(String mode, String body) throws IOException, InterruptedException {
        return HTTP.send(request(mode, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String mode, String body) {
        return HttpRequest.newBuilder(URI.create(url + mode + Deliveries.PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Every record on the floor's topic so far. */
    private static List<ConsumerRecord<String, byte[]>> records() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(FloorApp.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return records;
        }
    }

    private static long rows(String idLike) {
        PostgresqlConnectionFactory factory =
                new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                        .host(env("DB_HOST", "127.0.0.1"))
                        .port(Integer.parseInt(env("DB_PORT", "5432")))
                        .username(env("DB_USER", "postgres"))
                        .password(env("DB_PASSWORD", "").isEmpty() ? null : env("DB_PASSWORD", ""))
                        .database(DATABASE)
                        .build());
        return Mono.usingWhen(
                        factory.create(),
                        c -> Flux.from(c.createStatement("SELECT count(*) FROM floor_receipts WHERE id LIKE $1")
                                        .bind(0, idLike)
                                        .execute())
                                .flatMap(r -> r.map((row, meta) -> row.get(0, Long.class)))
                                .single(),
                        Connection::close)
                .block();
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }
}
