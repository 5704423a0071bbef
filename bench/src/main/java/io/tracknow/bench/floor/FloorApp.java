package io.tracknow.bench.floor;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor endpoints of {@code bench/run gateway --floor}: what the gateway's two durability guarantees
 * cost on their own, with nothing of the gateway's code. Like {@link io.tracknow.bench.bare.BareApp} it is Spring Boot WebFlux
 * decoding the JSON body, and then, before it answers 200:
 * <ul>
 *   <li>{@code /kafka/webhooks/...}: publishes the body to {@value #TOPIC} (as many partitions as
 *       {@code orders.v1}) with the platform's producer settings (acks=all, idempotence, 5 requests in
 *       flight, linger.ms 0 as the gateway's unless {@code floor.linger-ms} says otherwise) and answers only when the broker acknowledged it, as the gateway
 *       answers only after {@code acks=all};
 *   <li>{@code /kafka-pg/webhooks/...}: first inserts the delivery's order id into a PostgreSQL table with a
 *       primary key (one autocommitted statement through a pool of 10 connections, the gateway's pool
 *       size: the least a durable dedupe record costs), then publishes as above;
 *   <li>{@code /kafka-pg-batched/webhooks/...}: the same, but the order ids of concurrent requests go into
 *       the table together, one multi-row INSERT and one commit per batch (group commit, as the gateway
 *       writes its receipts and log lines): while a batch is written the next requests queue, and they
 *       are the next batch.
 * </ul>
 * No signature check, no normalisation, no Avro, no webhook log, no observation: every real gateway
 * that keeps those guarantees does more than this, so the ratio of these endpoints to the bare one is
 * a ceiling for the gateway's ratio on the same machine and broker. The plain Kafka and R2DBC clients
 * are used (no Spring Kafka or Spring Data R2DBC: Boot 4 auto-configures neither from the driver jars
 * alone), the producer called on the request's event loop, to keep the floor as low as it goes.
 */
@SpringBootApplication
@RestController
public class FloorApp {

    static final String TOPIC = "bench.floor.v1";
    private static final Map<String, Object> ACCEPTED = Map.of("status", "accepted", "duplicate", false);
    private static final String INSERT = "INSERT INTO floor_receipts (id) VALUES ($1) ON CONFLICT DO NOTHING";

    private final JsonMapper json;
    private final KafkaProducer<String, byte[]> producer;
    private final ConnectionPool pool;
    private final Batches batches;

    FloorApp(
            JsonMapper json,
            @Value("${floor.bootstrap}") String bootstrap,
            @Value("${floor.linger-ms:0}") int lingerMs,
            @Value("${floor.db.host:127.0.0.1}") String dbHost,
            @Value("${floor.db.port:5432}") int dbPort,
            @Value("${floor.db.user:postgres}") String dbUser,
            @Value("${floor.db.password:}") String dbPassword,
            @Value("${floor.db.name:tracknow_bench_floor}") String dbName) {
        this.json = json;
        createTopic(bootstrap);
        this.producer = producer(bootstrap, lingerMs);
        prepareDatabase(dbHost, dbPort, dbUser, dbPassword, dbName);
        this.pool = new ConnectionPool(
                ConnectionPoolConfiguration.builder(connectionFactory(dbHost, dbPort, dbUser, dbPassword, dbName))
                        .initialSize(1)
                        .maxSize(10)
                        .build());
        this.batches = new Batches(pool);
    }

    @PostMapping("/kafka/webhooks/{source}/{merchantId}")
    Mono<Map<String, Object>> kafka(
            @PathVariable String source, @PathVariable String merchantId, @RequestBody byte[] body) {
        return Mono.defer(() -> publish(orderId(body), body)).thenReturn(ACCEPTED);
    }

    @PostMapping("/kafka-pg-batched/webhooks/{source}/{merchantId}")
    Mono<Map<String, Object>> kafkaPgBatched(
            @PathVariable String source, @PathVariable String merchantId, @RequestBody byte[] body) {
        return Mono.defer(() -> {
                    String id = orderId(body);
                    return batches.add(id).then(publish(id, body));
                })
                .thenReturn(ACCEPTED);
    }

    @PostMapping("/kafka-pg/webhooks/{source}/{merchantId}")
    Mono<Map<String, Object>> kafkaPg(
            @PathVariable String source, @PathVariable String merchantId, @RequestBody byte[] body) {
        return Mono.defer(() -> {
                    String id = orderId(body);
                    return insert(id).then(publish(id, body));
                })
                .thenReturn(ACCEPTED);
    }

    /** The delivery's order id ({@code data.order_id}); 400 for a body that is not a JSON object with one. */
    private String orderId(byte[] body) {
        JsonNode order;
        try {
            order = json.readTree(body);
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "not JSON");
        }
        String id = order.path("data").path("order_id").asString("");
        if (!order.isObject() || id.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no data.order_id");
        }
        return id;
    }

    private Mono<Void> insert(String id) {
        return Mono.usingWhen(
                        pool.create(),
                        c -> Mono.from(c.createStatement(INSERT).bind(0, id).execute())
                                .flatMap(result -> Mono.from(result.getRowsUpdated())),
                        Connection::close)
                .then();
    }

    private Mono<Void> publish(String id, byte[] body) {
        return Mono.create(sink -> producer.send(new ProducerRecord<>(TOPIC, id, body), (metadata, failure) -> {
            if (failure != null) {
                sink.error(failure);
            } else {
                sink.success();
            }
        }));
    }

    /**
     * The group-commit floor: one batch written at a time; ids that arrive meanwhile wait for the next
     * (at most 500 in one statement). A failed batch fails each of its requests (a floor has no retry).
     */
    private static final class Batches {
        private static final String INSERT_MANY =
                "INSERT INTO floor_receipts (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING";
        private final ConnectionPool pool;
        private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean writing = new AtomicBoolean();

        private record Waiting(String id, MonoSink<Void> done) {}

        Batches(ConnectionPool pool) {
            this.pool = pool;
        }

        Mono<Void> add(String id) {
            return Mono.create(done -> {
                queue.add(new Waiting(id, done));
                next();
            });
        }

        private void next() {
            while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
                List<Waiting> batch = new ArrayList<>();
                Waiting w;
                while (batch.size() < 500 && (w = queue.poll()) != null) {
                    batch.add(w);
                }
                if (batch.isEmpty()) {
                    writing.set(false);
                    continue;
                }
                String[] ids = batch.stream().map(Waiting::id).toArray(String[]::new);
                Mono.usingWhen(
                                pool.create(),
                                c -> Mono.from(c.createStatement(INSERT_MANY)
                                                .bind(0, ids)
                                                .execute())
                                        .flatMap(result -> Mono.from(result.getRowsUpdated())),
                                Connection::close)
                        .subscribe(
                                rows -> {},
                                failure -> {
                                    batch.forEach(b -> b.done().error(failure));
                                    writing.set(false);
                                    next();
                                },
                                () -> {
                                    batch.forEach(b -> b.done().success());
                                    writing.set(false);
                                    next();
                                });
                return;
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 7500);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** {@value #TOPIC} with as many partitions as orders.v1 (3 when the broker has no orders.v1). */
    private static void createTopic(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> topics = admin.listTopics().names().get();
            if (topics.contains(TOPIC)) {
                return;
            }
            int partitions = topics.contains("orders.v1")
                    ? admin.describeTopics(Set.of("orders.v1"))
                            .allTopicNames()
                            .get()
                            .get("orders.v1")
                            .partitions()
                            .size()
                    : 3;
            admin.createTopics(Set.of(new NewTopic(TOPIC, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + TOPIC, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create " + TOPIC + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Creates the database when missing and starts every run with an empty {@code floor_receipts}. */
    private static void prepareDatabase(String host, int port, String user, String password, String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("floor.db.name must be a plain lower-case identifier: " + name);
        }
        Mono.usingWhen(
                        connectionFactory(host, port, user, password, "postgres")
                                .create(),
                        c -> Mono.from(c.createStatement("SELECT 1 FROM pg_database WHERE datname = $1")
                                        .bind(0, name)
                                        .execute())
                                .flatMapMany(r -> r.map((row, meta) -> 1))
                                .hasElements()
                                .flatMap(exists -> exists
                                        ? Mono.empty()
                                        : Mono.from(c.createStatement("CREATE DATABASE " + name)
                                                        .execute())
                                                .flatMap(r -> Mono.from(r.getRowsUpdated()))),
                        Connection::close)
                .block();
        Mono.usingWhen(
                        connectionFactory(host, port, user, password, name).create(),
                        c -> Mono.from(c.createStatement("DROP TABLE IF EXISTS floor_receipts")
                                        .execute())
                                .flatMap(r -> Mono.from(r.getRowsUpdated()))
                                .then(Mono.from(c.createStatement("CREATE TABLE floor_receipts (id text PRIMARY KEY,"
                                                        + " received_at timestamptz NOT NULL DEFAULT now())")
                                                .execute())
                                        .flatMap(r -> Mono.from(r.getRowsUpdated()))),
                        Connection::close)
                .block();
    }

    private static PostgresqlConnectionFactory connectionFactory(
            String host, int port, String user, String password, String database) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(host)
                .port(port)
                .username(user)
                .password(password.isEmpty() ? null : password)
                .database(database)
                .build());
    }

    public static void main(String[] args) {
        SpringApplication.run(FloorApp.class, args);
    }
}
