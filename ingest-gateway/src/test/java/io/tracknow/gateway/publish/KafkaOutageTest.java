package io.tracknow.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.gateway.GatewayApplication;
import io.tracknow.gateway.signature.HmacSignatures;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Durability: while Kafka cannot be reached the gateway answers 503 + Retry-After and does not record
 * the delivery as done; once Kafka is back, the shop's retry is accepted and published exactly once.
 * What is stopped: the network path between the gateway's producer and a broker dedicated to this
 * test (a TCP proxy is cut: every connection closed, new ones refused). The broker process itself
 * keeps running; the shared test broker of the other tests is not touched.
 */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            GatewayApplication.CONFIG,
            "tracknow.gateway.demo=true",
            "tracknow.gateway.retry-after=7s",
            "spring.kafka.producer.properties.delivery.timeout.ms=4000",
            "spring.kafka.producer.properties.request.timeout.ms=2000",
            "spring.kafka.producer.properties.max.block.ms=3000",
            "tracknow.gateway.publish-timeout=7s"
        })
class KafkaOutageTest {

    private static final String SECRET = "demo-app-secret";
    private static CuttableTcpProxy proxy;
    private static EmbeddedKafkaKraftBroker broker;
    private static String brokerDirect;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) throws Exception {
        TestInfra.register(registry, "ingest-gateway");
        proxy = new CuttableTcpProxy();
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "advertised.listeners", "EXTERNAL://127.0.0.1:" + proxy.port(),
                "auto.create.topics.enable", "false",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        int bound = broker.getCluster().brokers().values().iterator().next().boundPort(new ListenerName("EXTERNAL"));
        proxy.target("127.0.0.1", bound);
        brokerDirect = "127.0.0.1:" + bound;
        broker.addTopics(new NewTopic(Topics.ORDERS.name(), 1, (short) 1));
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        broker.destroy();
    }

    @Autowired
    Environment environment;

    @Autowired
    DatabaseClient db;

    private final HttpClient http = TestHttp.client();

    @Test
    void answers503WhileKafkaIsUnreachableAndAcceptsTheRetryOnceItIsBack() throws Exception {
        String warmUp = "order-" + UUID.randomUUID();
        assertThat(post(warmUp).statusCode()).as("Kafka reachable").isEqualTo(200);

        String orderId = "order-" + UUID.randomUUID();
        String body = order(orderId);
        proxy.cut();
        HttpResponse<String> refused = send(body);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("7");
        assertThat(refused.body()).contains("/problems/temporarily-unavailable");
        assertThat(receipts(orderId)).as("the delivery is not recorded as done").isZero();
        assertThat(db.sql("SELECT count(*) FROM webhook_log WHERE outcome = 'FAILED' AND http_status = 503")
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .block())
                .isPositive();

        proxy.restore();
        HttpResponse<String> retried = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> send(body), response -> response.statusCode() == 200);
        assertThat(retried.body()).contains("\"status\":\"accepted\"");
        assertThat(send(body).body()).as("a further retry is a duplicate").contains("\"duplicate\":true");

        List<ConsumerRecord<String, byte[]>> records = readAll();
        assertThat(records).filteredOn(r -> r.key().endsWith("|" + warmUp)).hasSize(1);
        assertThat(records)
                .filteredOn(r -> r.key().endsWith("|" + orderId))
                .as("published exactly once")
                .hasSize(1);
    }

    private long receipts(String orderId) {
        return db.sql("SELECT count(*) FROM delivery_receipts WHERE dedupe_key LIKE :key")
                .bind("key", "order:" + orderId + ":%")
                .map(row -> row.get(0, Long.class))
                .one()
                .block();
    }

    /** Reads orders.v1 straight from the broker (not through the proxy). */
    private static List<ConsumerRecord<String, byte[]>> readAll() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokerDirect);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        // the consumer, too, learns the broker's advertised address (the proxy), which is restored by now
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ORDERS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= 2;
            });
            // one more poll: a second copy, if any, would be right behind
            consumer.poll(Duration.ofSeconds(2)).forEach(records::add);
        }
        return records;
    }

    private HttpResponse<String> post(String orderId) throws Exception {
        return send(order(orderId));
    }

    private HttpResponse<String> send(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + environment.getProperty("local.server.port") + "/webhooks/tiktok/demo-merchant"))
                .header("Content-Type", "application/json")
                .header(
                        "X-TikTok-Signature",
                        HmacSignatures.hex(HmacSignatures.hmacSha256(SECRET, body.getBytes(StandardCharsets.UTF_8))))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String order(String orderId) {
        return """
                {"timestamp": %d, "data": {"order_id": "%s", "order_status": 111,
                 "payment": {"total_amount": 990, "currency": "USD"}}}
                """.formatted(Instant.now().getEpochSecond(), orderId);
    }
}
