package io.tracknow.payment.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.embedded.PostgresDatabases;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TestInfra;
import io.tracknow.payment.PaymentApplication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Callbacks and the sandbox's delayed steps are rows, not timers: a service stopped between two attempts
 * goes on where it left off when it starts again (here: a second process on the same database).
 */
class CallbackRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aCallbackRetriedBeforeARestartIsDeliveredAfterItAndADueStepIsTaken() throws Exception {
        PostgresDatabases postgres = TestInfra.infra().postgres();
        String database = "collect_restart_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres.ensure(database);
        var receiver = CollectApiTestBase.RECEIVER;
        String path = "/restart-" + UUID.randomUUID();
        receiver.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(500).withBody("not yet")));
        try {
            String failedPayment;
            String slowPayment;
            try (ConfigurableApplicationContext first = start(database)) {
                String key = issueKey(first);
                String callback = "http://127.0.0.1:" + receiver.port() + path;
                failedPayment = initiate(first, key, CollectApiTestBase.body("pm_restart_1", "0.02", "EUR", callback));
                slowPayment = initiate(first, key, CollectApiTestBase.body("pm_restart_2", "3.00", "EUR", callback));
                DatabaseClient db = first.getBean(DatabaseClient.class);
                await().atMost(Duration.ofSeconds(15)).until(() -> attempts(db, failedPayment) >= 1);
                assertThat(state(db, slowPayment))
                        .as("due in 20 s, after this process stops")
                        .isEqualTo("pending");
            }
            int beforeRestart =
                    receiver.findAll(postRequestedFor(urlEqualTo(path))).size();
            receiver.stubFor(post(urlEqualTo(path))
                    .willReturn(aResponse().withStatus(200).withBody("got it")));

            try (ConfigurableApplicationContext second = start(database)) {
                DatabaseClient db = second.getBean(DatabaseClient.class);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(callback(db, failedPayment)).isEqualTo("delivered|200|got it");
                    assertThat(state(db, slowPayment)).isEqualTo("completed");
                    assertThat(callback(db, slowPayment)).isEqualTo("delivered|200|got it");
                });
                assertThat(attempts(db, failedPayment)).isGreaterThanOrEqualTo(2);
            }
            assertThat(receiver.findAll(postRequestedFor(urlEqualTo(path))).size())
                    .isGreaterThan(beforeRestart);
        } finally {
            postgres.drop(database);
        }
    }

    private static ConfigurableApplicationContext start(String database) {
        Map<String, Object> properties = new HashMap<>(TestInfra.properties("payment-orchestrator"));
        properties.put("tracknow.db.name", database);
        properties.put("server.port", "0");
        properties.put("tracknow.api.operator-token", "restart-operator");
        properties.put("tracknow.collect.public-base-url", "https://pay.sandbox.test");
        properties.put("tracknow.payment.secret-key", CollectApiTestBase.SECRET_KEY);
        properties.put("tracknow.collect.sandbox-slow-delay", "20s");
        properties.put("tracknow.collect.due-poll-interval", "100ms");
        properties.put("tracknow.collect.callbacks.poll-interval", "100ms");
        // long enough that the first process stops between two attempts
        properties.put("tracknow.collect.callbacks.initial-backoff", "2s");
        properties.put("tracknow.collect.callbacks.max-backoff", "2s");
        properties.put("tracknow.collect.callbacks.max-attempts", "10");
        // as command-line arguments: they take precedence over payment-orchestrator.yml, as the tests' properties do
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(PaymentApplication.class, OwnNettyResources.class)
                .properties(PaymentApplication.CONFIG)
                .run(args);
    }

    /**
     * The process this test starts and stops runs in the test JVM beside the cached contexts of the other
     * test classes. With Boot's default ReactorResourceFactory it would share Reactor Netty's global event
     * loops with them, and closing it disposes those loops: the other contexts' WebClients then fail with
     * "Event loop shut down?" (the connectors of ConfirmationTest and PayoutRunTest did, run after this
     * class). Its own loops, disposed with it, leave the others alone. In production one JVM holds one
     * context, so this is a test-only concern.
     */
    @Configuration(proxyBeanMethods = false)
    static class OwnNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            return factory;
        }
    }

    private static String issueKey(ConfigurableApplicationContext app) throws Exception {
        HttpResponse<String> issued = send(
                app, "POST", "/api/payment-clients/restart-client/keys", "restart-operator", "{\"mode\":\"sandbox\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return JSON.readTree(issued.body()).path("apiKey").asString();
    }

    private static String initiate(ConfigurableApplicationContext app, String key, String body) throws Exception {
        HttpResponse<String> response = send(app, "POST", "/api/v1/payments/initiate", key, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(response.body());
        return answer.path("external_payment_id").asString();
    }

    private static HttpResponse<String> send(
            ConfigurableApplicationContext app, String method, String path, String token, String body)
            throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        return TestHttp.client()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .method(method, HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static int attempts(DatabaseClient db, String payment) {
        return db.sql("SELECT coalesce(max(attempts), 0) FROM collect_callbacks WHERE external_payment_id = :id")
                .bind("id", payment)
                .map(row -> row.get(0, Integer.class))
                .one()
                .block();
    }

    private static String state(DatabaseClient db, String payment) {
        return db.sql("SELECT status FROM collect_payments WHERE external_payment_id = :id")
                .bind("id", payment)
                .map(row -> row.get(0, String.class))
                .one()
                .block();
    }

    /** state|last status|last response of the payment's last callback. */
    private static String callback(DatabaseClient db, String payment) {
        return db.sql("SELECT state, last_status, last_response FROM collect_callbacks WHERE external_payment_id = :id"
                        + " ORDER BY id DESC LIMIT 1")
                .bind("id", payment)
                .map(row -> row.get("state", String.class) + "|" + row.get("last_status", Integer.class) + "|"
                        + row.get("last_response", String.class))
                .one()
                .blockOptional()
                .orElse("none");
    }
}
