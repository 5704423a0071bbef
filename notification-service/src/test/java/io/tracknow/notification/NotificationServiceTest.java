package io.tracknow.notification;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tracknow.events.accesstokens.AccessTokenEvent;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.notification.webhooks.HostResolver;
import io.tracknow.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the service's integration tests share, so that they share one application context: the real
 * broker, registry and PostgreSQL, an SMTP server (GreenMail, on a port that survives its restarts), a
 * webhook receiver (WireMock on 127.0.0.1, which {@code allow-loopback} lets through), host names the
 * tests resolve themselves, and an HTTP helper that sends any token.
 */
@ServiceIntegrationTest(
        service = "notification-service",
        classes = NotificationApplication.class,
        properties = {
            NotificationApplication.CONFIG,
            "tracknow.api.operator-token=" + NotificationServiceTest.OPERATOR,
            "tracknow.notifications.secret-key=" + NotificationServiceTest.SECRET_KEY,
            "tracknow.notifications.webhook.allow-loopback=true",
            "tracknow.notifications.webhook.timeout=3s",
            "tracknow.notifications.webhook.max-attempts=3",
            "tracknow.notifications.webhook.disable-after-failures=4",
            "tracknow.notifications.email.max-attempts=50",
            "tracknow.notifications.delivery.poll-interval=100ms",
            "tracknow.notifications.delivery.backoff-base=200ms",
            "tracknow.notifications.delivery.backoff-max=1s",
            "tracknow.notifications.stream-poll-interval=100ms",
            "spring.mail.properties.mail.smtp.connectiontimeout=1000",
            "spring.mail.properties.mail.smtp.timeout=2000"
        })
@Import(NotificationServiceTest.TestHosts.class)
public abstract class NotificationServiceTest {

    public static final String OPERATOR = "test-operator-token";
    /** The key that seals webhook secrets in these tests (base64 of 32 bytes), so a test can open a row itself. */
    public static final String SECRET_KEY = "bm90aWZpY2F0aW9uLXRlc3Qta2V5LTMyLWJ5dGVzISE=";

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = TestHttp.client();

    protected static final int SMTP_PORT = freePort();
    protected static GreenMail smtp = startSmtp();
    protected static final WireMockServer receiver = startReceiver();
    /** Host names the tests point where they like (a name that is public at registration and private later). */
    protected static final Map<String, InetAddress[]> HOSTS = new ConcurrentHashMap<>();
    /** Answers given once each, in order, before {@link #HOSTS} answers (a name that changes between two lookups). */
    protected static final Map<String, Queue<InetAddress[]>> NEXT_ANSWERS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @Autowired
    protected KafkaTemplate<String, Object> kafka;

    @Autowired
    protected Environment environment;

    @TestConfiguration
    static class TestHosts {
        @Bean
        HostResolver hostResolver() {
            return host -> {
                Queue<InetAddress[]> next = NEXT_ANSWERS.get(host);
                InetAddress[] once = next == null ? null : next.poll();
                if (once != null) {
                    return once;
                }
                InetAddress[] fixed = HOSTS.get(host);
                return fixed != null ? fixed : InetAddress.getAllByName(host);
            };
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    private static WireMockServer startReceiver() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    protected static String newInfluencer() {
        return "inf-" + UUID.randomUUID();
    }

    /** Issues an influencer token the way attribution-service does (its SHA-256 on access-tokens.v1) and returns it. */
    protected String influencerToken(String influencerId) throws Exception {
        String token = "tnk_" + UUID.randomUUID();
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        String tokenId = "tok-" + UUID.randomUUID();
        kafka.send(
                        Topics.ACCESS_TOKENS.name(),
                        tokenId,
                        AccessTokenEvent.newBuilder()
                                .setEventId(UUID.randomUUID().toString())
                                .setOccurredAt(Instant.now())
                                .setTokenId(tokenId)
                                .setInfluencerId(influencerId)
                                .setTokenSha256(digest)
                                .build())
                .get();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> call("GET", "/api/influencers/" + influencerId + "/contact", token, null)
                                .statusCode()
                        == 200);
        return token;
    }

    protected HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected JsonNode json(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = call(method, path, OPERATOR, body);
        org.assertj.core.api.Assertions.assertThat(response.statusCode())
                .as(method + " " + path + " -> " + response.body())
                .isEqualTo(expectedStatus);
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    protected JsonNode get(String path) throws Exception {
        return json("GET", path, null, 200);
    }

    protected int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    /** Sets an influencer's contact through the API (operator token). */
    protected void contact(String influencer, String email, String locale, String quietHours) throws Exception {
        String body = "{\"email\":" + (email == null ? "null" : "\"" + email + "\"") + ",\"locale\":\"" + locale
                + "\",\"timeZone\":\"Africa/Casablanca\"" + (quietHours == null ? "" : ",\"quietHours\":" + quietHours)
                + "}";
        json("PUT", "/api/influencers/" + influencer + "/contact", body, 200);
    }
}
