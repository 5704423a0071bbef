package io.tracknow.payment.collect;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.payment.PaymentApplication;
import io.tracknow.payment.PaymentIntegrationTest;
import io.tracknow.payment.setup.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running payment-orchestrator (real PostgreSQL, broker and registry) for the payments API tests, with a
 * client platform's callback receiver (WireMock) and short sandbox and retry timings.
 */
@ServiceIntegrationTest(
        service = "payment-orchestrator",
        classes = PaymentApplication.class,
        properties = {
            PaymentApplication.CONFIG,
            "tracknow.api.operator-token=" + CollectApiTestBase.OPERATOR,
            "tracknow.api.merchant-tokens.shop-a=" + CollectApiTestBase.MERCHANT,
            "tracknow.collect.public-base-url=https://pay.sandbox.test",
            "tracknow.collect.sandbox-slow-delay=2s",
            "tracknow.collect.due-poll-interval=100ms",
            "tracknow.collect.callbacks.poll-interval=100ms",
            "tracknow.collect.callbacks.initial-backoff=200ms",
            "tracknow.collect.callbacks.max-backoff=400ms",
            "tracknow.collect.callbacks.max-attempts=3",
            "tracknow.collect.callbacks.timeout=5s",
            "tracknow.payment.secret-key=" + CollectApiTestBase.SECRET_KEY,
            "tracknow.payment.callback-base-url=https://hooks.tracknow.test/webhooks/payments",
            "tracknow.payment.http.read-timeout=1s",
            "tracknow.payment.http.max-attempts=2",
            "tracknow.payment.http.backoff=20ms",
            "tracknow.payment.janitor.interval=1h",
            "tracknow.payment.debits.cron=-",
            "tracknow.payment.payouts.cron=-"
        })
public abstract class CollectApiTestBase {

    static final String OPERATOR = "collect-operator-token";
    static final String MERCHANT = "collect-merchant-token";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final WireMockServer RECEIVER =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    /**
     * Every provider's API for live keys, stubbed: gateway {@code g}'s API is at {@code /g} on it. The money-out
     * tests' server: both test contexts run the same service on the same database and broker, in the same consumer
     * groups, so either one may take a provider callback the other's test sent; with one provider stub server the
     * status API it asks answers the same.
     */
    static final WireMockServer PROVIDERS = PaymentIntegrationTest.PROVIDERS;

    static {
        RECEIVER.start();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        for (Gateway gateway : Gateway.values()) {
            registry.add(
                    "tracknow.payment.providers[" + gateway.id() + "]", () -> PROVIDERS.baseUrl() + "/" + gateway.id());
        }
    }

    @Autowired
    protected Environment environment;

    @Autowired
    protected DatabaseClient db;

    protected final HttpClient http = TestHttp.client();

    /** A key the operator issues for a new client: [apiKey, webhookSecret, keyId, clientId]. */
    protected String[] newKey(String mode) throws Exception {
        String client = "client-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> issued =
                send("POST", "/api/payment-clients/" + client + "/keys", OPERATOR, "{\"mode\":\"" + mode + "\"}", null);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(issued.body());
        return new String[] {
            body.path("apiKey").asString(),
            body.path("webhookSecret").asString(),
            body.path("keyId").asString(),
            client
        };
    }

    protected String callbackUrl(String path) {
        return "http://127.0.0.1:" + RECEIVER.port() + path;
    }

    protected static String body(String paymentId, String amount, String currency, String callbackUrl) {
        return """
                {"payment_id": "%s", "amount": %s, "currency": "%s", "payment_method": "mobile_money",
                 "metadata": {"description": "Upgrade to Pro plan", "team_id": "team_abc123", "user_id": 123, "plan_upgrade": true},
                 "callback_url": "%s"}""".formatted(paymentId, amount, currency, callbackUrl);
    }

    protected HttpResponse<String> initiate(String key, String body) throws Exception {
        return send("POST", "/api/v1/payments/initiate", key, body, null);
    }

    protected JsonNode initiated(String key, String body) throws Exception {
        HttpResponse<String> response = initiate(key, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    protected HttpResponse<String> status(String key, String externalId) throws Exception {
        return send("GET", "/api/v1/payments/" + externalId + "/status", key, null, null);
    }

    protected String statusOf(String key, String externalId) throws Exception {
        HttpResponse<String> response = status(key, externalId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("status").asString();
    }

    protected HttpResponse<String> send(String method, String path, String token, String body, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected String base() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    protected long count(String sql) {
        return db.sql(sql).map(row -> row.get(0, Long.class)).one().block();
    }

    protected static String newPaymentId() {
        return "pm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    protected static String problemType(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("type").asString();
    }
}
