package io.tracknow.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.signature.HmacSignatures;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway context shared by the integration tests of the newer features (same properties, so
 * Spring caches it): the real broker, registry and PostgreSQL, an operator token and a small
 * per-merchant rate limit. Each test creates its own merchants through the operator API.
 */
@ServiceIntegrationTest(
        service = "ingest-gateway",
        classes = GatewayApplication.class,
        properties = {
            GatewayApplication.CONFIG,
            "tracknow.gateway.demo=true",
            "tracknow.api.operator-token=" + GatewayTestSupport.OPERATOR_TOKEN,
            "tracknow.gateway.rate-limit.capacity=" + GatewayTestSupport.RATE_LIMIT,
            "tracknow.gateway.rate-limit.period=1h",
            "tracknow.gateway.slow-senders.read-timeout=" + GatewayTestSupport.READ_TIMEOUT_SECONDS + "s"
        })
public abstract class GatewayTestSupport {

    public static final String OPERATOR_TOKEN = "test-operator-token";
    public static final int RATE_LIMIT = 40;
    /** Short, so the slow-sender test is quick; the other tests send their bodies at once. */
    public static final int READ_TIMEOUT_SECONDS = 3;

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static TopicProbe<OrderReported> orders;

    @BeforeAll
    static void openProbe() {
        orders = TopicProbe.avro(Topics.ORDERS);
    }

    @AfterAll
    static void closeProbe() {
        orders.close();
    }

    @Autowired
    protected Environment environment;

    protected final HttpClient http = TestHttp.client();

    protected String base() {
        return "http://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    protected static String uniqueMerchant() {
        return "merchant-" + UUID.randomUUID();
    }

    /** Sets credentials through the operator API and checks it answered 200. */
    protected void configure(String merchant, String source, String json) throws Exception {
        HttpResponse<String> response =
                operator("PUT", "/admin/merchants/" + merchant + "/credentials/" + source, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    protected HttpResponse<String> operator(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String base64Hmac(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(HmacSignatures.hmacSha256(secret, body));
    }

    protected static String hexHmac(String secret, byte[] body) {
        return HmacSignatures.hex(HmacSignatures.hmacSha256(secret, body));
    }

    protected static byte[] sample(String name) throws IOException {
        try (InputStream in = GatewayTestSupport.class.getResourceAsStream("/samples/" + name)) {
            assertThat(in).as("sample " + name).isNotNull();
            return in.readAllBytes();
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static OrderReported published(String merchant, String externalOrderId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> publishedFor(merchant, externalOrderId), list -> !list.isEmpty())
                .getFirst();
    }

    protected static List<OrderReported> publishedFor(String merchant, String externalOrderId) {
        return orders.values(o ->
                o.getMerchantId().equals(merchant) && o.getExternalOrderId().equals(externalOrderId));
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).contains("/problems/" + type);
    }
}
