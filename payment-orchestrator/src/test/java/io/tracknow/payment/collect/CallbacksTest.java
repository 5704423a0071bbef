package io.tracknow.payment.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Seed 004 "Webhook": a signed callback on every status change, retried with backoff, visible to the operator. */
class CallbacksTest extends CollectApiTestBase {

    @Test
    void eachStatusChangeIsCalledBackSignedWithTheKeysSecret() throws Exception {
        String[] key = newKey("sandbox");
        String path = "/cb-" + UUID.randomUUID();
        RECEIVER.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse().withStatus(200).withBody("{\"success\": true, \"status\": \"completed\"}")));
        String paymentId = newPaymentId();
        String id = initiated(key[0], body(paymentId, "0.01", "EUR", callbackUrl(path)))
                .path("external_payment_id")
                .asString();

        List<LoggedRequest> received = await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.findAll(postRequestedFor(urlEqualTo(path))), list -> !list.isEmpty());
        LoggedRequest callback = received.get(0);
        byte[] raw = callback.getBody();
        assertThat(callback.getHeader("X-Payment-Signature")).isEqualTo("sha256=" + hmacSha256(key[1], raw));
        assertThat(callback.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
        assertThat(body.path("external_payment_id").asString()).isEqualTo(id);
        assertThat(body.path("status").asString()).isEqualTo("completed");
        JsonNode metadata = body.path("metadata");
        assertThat(metadata.path("payment_id").asString()).isEqualTo(paymentId);
        assertThat(metadata.path("transaction_id").asString()).startsWith("txn_");
        assertThat(metadata.path("provider_reference").asString()).startsWith("sandbox_");
        assertThat(metadata.path("completed_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        // a tampered body or another secret does not verify
        assertThat(callback.getHeader("X-Payment-Signature")).isNotEqualTo("sha256=" + hmacSha256("whsec_other", raw));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(callbackRow(id)).contains("delivered|200"));
        assertThat(callbackRow(id)).contains("\"success\": true");
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUntilItAnswers() throws Exception {
        String[] key = newKey("sandbox");
        String path = "/flaky-" + UUID.randomUUID();
        String scenario = "flaky" + path;
        RECEIVER.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("down"))
                .willSetStateTo("second"));
        RECEIVER.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("up"));
        RECEIVER.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        String id = initiated(key[0], body(newPaymentId(), "0.02", "EUR", callbackUrl(path)))
                .path("external_payment_id")
                .asString();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(callbackRow(id)).startsWith("delivered|200|3|"));
        List<LoggedRequest> attempts = RECEIVER.findAll(postRequestedFor(urlEqualTo(path)));
        assertThat(attempts).hasSize(3);
        // every attempt carries the same body and signature
        assertThat(attempts)
                .extracting(r -> r.getHeader("X-Payment-Signature"))
                .containsOnly(attempts.get(0).getHeader("X-Payment-Signature"));
        assertThat(JSON.readTree(attempts.get(0).getBodyAsString())
                        .path("status")
                        .asString())
                .isEqualTo("failed");
    }

    @Test
    void aCallbackOutOfAttemptsIsFailedVisibleToTheOperatorAndSentAgainOnRequest() throws Exception {
        String[] key = newKey("sandbox");
        String path = "/down-" + UUID.randomUUID();
        RECEIVER.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(503).withBody("maintenance")));
        String id = initiated(key[0], body(newPaymentId(), "0.03", "EUR", callbackUrl(path)))
                .path("external_payment_id")
                .asString();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(callbackRow(id)).startsWith("failed|503|3|"));
        assertThat(RECEIVER.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(3);
        HttpResponse<String> failed = send("GET", "/api/payment-callbacks?state=failed", OPERATOR, null, null);
        assertThat(failed.statusCode()).isEqualTo(200);
        JsonNode mine = null;
        for (JsonNode c : JSON.readTree(failed.body())) {
            if (c.path("externalPaymentId").asString().equals(id)) {
                mine = c;
            }
        }
        assertThat(mine).as(failed.body()).isNotNull();
        assertThat(mine.path("lastStatus").asInt()).isEqualTo(503);
        assertThat(mine.path("lastResponse").asString()).isEqualTo("maintenance");
        assertThat(send("GET", "/api/payment-callbacks?state=failed", key[0], null, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/payment-callbacks?state=failed", MERCHANT, null, null)
                        .statusCode())
                .isEqualTo(404);

        RECEIVER.stubFor(
                post(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("thanks")));
        assertThat(send("POST", "/api/payment-callbacks/" + mine.path("id").asLong() + "/resend", OPERATOR, null, null)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(callbackRow(id)).startsWith("delivered|200|1|thanks"));
        assertThat(send("POST", "/api/payment-callbacks/999999999/resend", OPERATOR, null, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutIsRetried() throws Exception {
        String[] key = newKey("sandbox");
        String path = "/slow-" + UUID.randomUUID();
        String scenario = "slow" + path;
        // tracknow.collect.callbacks.timeout is 5 s in these tests (30 s by default)
        RECEIVER.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(8000))
                .willSetStateTo("fast"));
        RECEIVER.stubFor(post(urlEqualTo(path))
                .inScenario(scenario)
                .whenScenarioStateIs("fast")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        String id = initiated(key[0], body(newPaymentId(), "0.01", "EUR", callbackUrl(path)))
                .path("external_payment_id")
                .asString();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(callbackRow(id)).isEqualTo("delivered|200|2|ok"));
        String firstError = db.sql(
                        "SELECT count(*) FROM collect_callbacks WHERE external_payment_id = :id AND attempts = 2")
                .bind("id", id)
                .map(row -> row.get(0, Long.class).toString())
                .one()
                .block();
        assertThat(firstError).isEqualTo("1");
    }

    /** state|last status|attempts|last response of the payment's first callback. */
    private String callbackRow(String externalPaymentId) {
        return db.sql("SELECT state, last_status, attempts, last_response FROM collect_callbacks"
                        + " WHERE external_payment_id = :id ORDER BY id LIMIT 1")
                .bind("id", externalPaymentId)
                .map(row -> row.get("state", String.class) + "|" + row.get("last_status", Integer.class) + "|"
                        + row.get("attempts", Integer.class) + "|" + row.get("last_response", String.class))
                .one()
                .blockOptional()
                .orElse("none");
    }

    /** HMAC-SHA256 written out from RFC 2104 with a plain SHA-256, independent of the service's javax.crypto.Mac. */
    static String hmacSha256(String secret, byte[] message) throws Exception {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length > 64) {
            key = MessageDigest.getInstance("SHA-256").digest(key);
        }
        byte[] block = java.util.Arrays.copyOf(key, 64);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(inner);
        byte[] innerHash = sha.digest(message);
        sha.update(outer);
        return HexFormat.of().formatHex(sha.digest(innerHash));
    }
}
