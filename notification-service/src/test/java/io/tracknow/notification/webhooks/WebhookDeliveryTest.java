package io.tracknow.notification.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.Events;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.schemas.Topics;
import io.tracknow.secrets.SecretCipher;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** Signed webhooks to a real HTTP receiver (WireMock): signature, retries, disabling, and the SSRF checks. */
class WebhookDeliveryTest extends NotificationServiceTest {

    @Autowired
    DatabaseClient db;

    @Test
    void postsASignedWebhookThatTheReceiverCanVerifyWithTheSecretItWasGiven() throws Exception {
        String influencer = newInfluencer();
        String path = "/hooks/" + influencer;
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        String secret = register(influencer, path).path("secret").asString();
        assertThat(secret).startsWith("whsec_");

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 1883))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(path).size() == 1);
        LoggedRequest request = requests(path).getFirst();
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String body = request.getBodyAsString();
        assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()))
                .isLessThan(60);
        // verified as the receiver would, with nothing but the JDK: HMAC-SHA256 of id.timestamp.body under the decoded
        // secret
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1,"
                + Base64.getEncoder()
                        .encodeToString(
                                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("webhook-signature")).isEqualTo(expected);
        JsonNode payload = JSON.readTree(body);
        assertThat(payload.path("type").asString()).isEqualTo("commission-accrued");
        assertThat(payload.path("data")
                        .path("facts")
                        .path("amount")
                        .path("minor")
                        .asLong())
                .isEqualTo(1883);
        assertThat(payload.path("data")
                        .path("facts")
                        .path("amount")
                        .path("currency")
                        .asString())
                .isEqualTo("USD");
        assertThat(id)
                .isEqualTo("msg_" + payload.path("data").path("notificationId").asString());
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        "DELIVERED".equals(webhookRow(influencer).path("status").asString()));
    }

    @Test
    void storesTheSecretSealedAndSignsWithIt() throws Exception {
        String influencer = newInfluencer();
        String path = "/hooks/" + influencer;
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        String secret = register(influencer, path).path("secret").asString();
        String key = secret.substring("whsec_".length());

        Map<String, Object> row = db.sql(
                        "SELECT secret, secret_ciphertext FROM webhook_endpoints WHERE influencer_id = :id")
                .bind("id", influencer)
                .fetch()
                .one()
                .block();
        assertThat(row.get("secret")).as("no plain-text secret").isNull();
        byte[] sealed = bytes((ByteBuffer) row.get("secret_ciphertext"));
        String stored = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain(secret).doesNotContain(key);
        assertThat(stored).doesNotContain(new String(Base64.getDecoder().decode(key), StandardCharsets.ISO_8859_1));
        // sealed with the configured key for this influencer only (AES-GCM, the influencer id as associated data)
        SecretCipher cipher = SecretCipher.fromSetting(SECRET_KEY, false, "test key");
        assertThat(cipher.decrypt(sealed, "notification-webhook", influencer)).isEqualTo(secret);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "notification-webhook", "someone-else"))
                .isInstanceOf(IllegalStateException.class);

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "EUR", 500))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> requests(path).size() == 1);
        LoggedRequest request = requests(path).getFirst();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
        String signed = request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + "."
                + request.getBodyAsString();
        assertThat(request.getHeader("webhook-signature"))
                .isEqualTo("v1,"
                        + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void retriesAReceiverThatAnswers500UntilItAccepts() throws Exception {
        String influencer = newInfluencer();
        String path = "/hooks/" + influencer;
        receiver.stubFor(post(urlEqualTo(path))
                .inScenario(influencer)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("recovered"));
        receiver.stubFor(post(urlEqualTo(path))
                .inScenario(influencer)
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));
        register(influencer, path);

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 1883))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "DELIVERED".equals(webhookRow(influencer).path("status").asString()));
        JsonNode row = webhookRow(influencer);
        assertThat(row.path("attempts").asInt()).isEqualTo(2);
        List<String> outcomes = new ArrayList<>();
        row.path("log")
                .forEach(a -> outcomes.add(a.path("outcome").asString() + ":"
                        + (a.path("error").isNull() ? "-" : a.path("error").asString())));
        assertThat(outcomes).containsExactly("RETRY:HTTP 500", "DELIVERED:-");
        List<LoggedRequest> sent = requests(path);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).getHeader("webhook-id"))
                .as("the same message, so the receiver can drop a resend")
                .isEqualTo(sent.get(0).getHeader("webhook-id"));
        assertThat(get("/api/influencers/" + influencer + "/webhook")
                        .path("consecutiveFailures")
                        .asInt())
                .isZero();
    }

    @Test
    void disablesAnEndpointThatKeepsTimingOutAndTellsTheInfluencerWhy() throws Exception {
        String influencer = newInfluencer();
        contact(influencer, influencer + "@example.org", "en", null);
        String path = "/hooks/" + influencer;
        receiver.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(6000)));
        register(influencer, path);

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 1883))
                .get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 500))
                .get();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "DISABLED"
                        .equals(get("/api/influencers/" + influencer + "/webhook")
                                .path("status")
                                .asString()));
        JsonNode endpoint = get("/api/influencers/" + influencer + "/webhook");
        assertThat(endpoint.path("disabledReason").asString()).contains("no answer within");

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        get("/api/influencers/" + influencer + "/notifications").size() == 3);
        JsonNode told = get("/api/influencers/" + influencer + "/notifications").get(0);
        assertThat(told.path("template").asString()).isEqualTo("webhook-disabled");
        assertThat(told.path("title").asString()).isEqualTo("Your webhook was disabled");
        assertThat(told.path("body").asString()).contains("After 4 failed deliveries in a row", "no answer within");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> smtp.getReceivedMessagesForDomain(influencer + "@example.org").length >= 3);

        List<String> webhookStatuses = new ArrayList<>();
        get("/api/influencers/" + influencer + "/deliveries").forEach(row -> {
            if (row.path("channel").asString().equals("WEBHOOK")) {
                webhookStatuses.add(row.path("status").asString());
            }
        });
        assertThat(webhookStatuses).containsExactly("FAILED", "FAILED");

        // registering again rotates the secret and resumes deliveries
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        JsonNode again = register(influencer, path);
        assertThat(again.path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void refusesToRegisterAUrlThatResolvesToAPrivateOrLinkLocalAddress() throws Exception {
        String influencer = newInfluencer();
        HOSTS.put(
                "intranet.example",
                new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.8")});
        for (String url : List.of(
                "http://10.0.0.1/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://192.168.0.10/",
                "https://intranet.example/hook",
                "ftp://example.org/",
                "not a url")) {
            HttpResponse<String> response =
                    call("PUT", "/api/influencers/" + influencer + "/webhook", OPERATOR, "{\"url\":\"" + url + "\"}");
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.body()).as(url).contains("webhook-url-refused");
        }
        assertThat(call("GET", "/api/influencers/" + influencer + "/webhook", OPERATOR, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call(
                                "PUT",
                                "/api/influencers/" + influencer + "/webhook",
                                influencerToken(newInfluencer()),
                                "{\"url\":\"https://example.org/\"}")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void refusesToSendWhenTheNameNowResolvesToAPrivateAddress() throws Exception {
        String influencer = newInfluencer();
        String host = "rebind-" + influencer + ".example";
        HOSTS.put(host, new InetAddress[] {InetAddress.getByName("93.184.215.14")});
        json("PUT", "/api/influencers/" + influencer + "/webhook", "{\"url\":\"http://" + host + "/hook\"}", 200);
        HOSTS.put(host, new InetAddress[] {InetAddress.getByName("10.0.0.5")});

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 1883))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "FAILED".equals(webhookRow(influencer).path("status").asString()));
        JsonNode row = webhookRow(influencer);
        assertThat(row.path("attempts").asInt()).as("not retried").isEqualTo(1);
        assertThat(row.path("lastError").asString()).contains("refused to call", "10.0.0.5", "private");
        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !sent.values(n -> n.getInfluencerId().equals(influencer)
                                    && n.getChannel() == NotificationChannel.WEBHOOK)
                            .isEmpty());
            NotificationSent failed = sent.values(n ->
                            n.getInfluencerId().equals(influencer) && n.getChannel() == NotificationChannel.WEBHOOK)
                    .getFirst();
            assertThat(failed.getOutcome()).isEqualTo(NotificationOutcome.FAILED);
            assertThat(failed.getAttempts()).isEqualTo(1);
            assertThat(failed.getDetail()).contains("refused to call");
        }
    }

    @Test
    void connectsToTheAddressesItCheckedByName() throws Exception {
        String influencer = newInfluencer();
        String host = "receiver-" + influencer + ".example";
        String path = "/hooks/" + influencer;
        // a name only the tests' resolver knows: delivered means the HTTP client resolved it through the check
        registerByName(influencer, host, path);

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 700))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "DELIVERED".equals(webhookRow(influencer).path("status").asString()));
        assertThat(requests(path)).hasSize(1);
        assertThat(requests(path).getFirst().getHeader("Host")).startsWith(host);
    }

    @Test
    void aNameThatAnswersAnAllowedAddressToTheCheckThenAPrivateOneNeverReachesThePrivateOne() throws Exception {
        String influencer = newInfluencer();
        String host = "rebinding-" + influencer + ".example";
        String path = "/hooks/" + influencer;
        registerByName(influencer, host, path);
        // DNS rebinding: the next lookup (the check before sending) still answers the allowed address, every
        // later one a private address
        NEXT_ANSWERS.put(
                host,
                new java.util.concurrent.ConcurrentLinkedQueue<>(
                        List.<InetAddress[]>of(new InetAddress[] {InetAddress.getByName("127.0.0.1")})));
        HOSTS.put(host, new InetAddress[] {InetAddress.getByName("10.0.0.7")});

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 700))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "FAILED".equals(webhookRow(influencer).path("status").asString()));
        JsonNode row = webhookRow(influencer);
        assertThat(NEXT_ANSWERS.get(host))
                .as("the check had the allowed answer")
                .isEmpty();
        assertThat(row.path("attempts").asInt())
                .as("refused at once, not retried")
                .isEqualTo(1);
        assertThat(row.path("lastError").asString()).contains("refused to call", "10.0.0.7", "private");
        assertThat(requests(path)).as("nothing was sent anywhere").isEmpty();
    }

    /** Registers http://host:port/path with host resolving (for the tests' resolver) to the receiver on 127.0.0.1. */
    private void registerByName(String influencer, String host, String path) throws Exception {
        receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
        HOSTS.put(host, new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        json(
                "PUT",
                "/api/influencers/" + influencer + "/webhook",
                "{\"url\":\"http://" + host + ":" + receiver.port() + path + "\"}",
                200);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private JsonNode register(String influencer, String path) throws Exception {
        return json(
                "PUT",
                "/api/influencers/" + influencer + "/webhook",
                "{\"url\":\"http://127.0.0.1:" + receiver.port() + path + "\"}",
                200);
    }

    private static List<LoggedRequest> requests(String path) {
        return receiver.findAll(
                postRequestedFor(urlEqualTo(path)).withHeader("content-type", equalTo("application/json")));
    }

    private JsonNode webhookRow(String influencer) throws Exception {
        for (JsonNode row : get("/api/influencers/" + influencer + "/deliveries")) {
            if (row.path("channel").asString().equals("WEBHOOK")) {
                return row;
            }
        }
        return JSON.missingNode();
    }
}
