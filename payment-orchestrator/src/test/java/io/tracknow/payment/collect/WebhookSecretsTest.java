package io.tracknow.payment.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tracknow.payment.collect.keys.WebhookSecrets;
import io.tracknow.web.auth.TokenDigest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Webhook secrets are sealed at rest (SecretCipher) and still sign callbacks that an independent HMAC verifies. */
class WebhookSecretsTest extends CollectApiTestBase {

    @Autowired
    WebhookSecrets webhookSecrets;

    @Test
    void anIssuedKeysWebhookSecretIsStoredSealedAndStillSigns() throws Exception {
        String[] key = newKey("sandbox");
        assertNoClearSecret(key[2], key[1]);

        List<LoggedRequest> received = callbackOf(key[0]);
        byte[] raw = received.get(0).getBody();
        assertThat(received.get(0).getHeader("X-Payment-Signature"))
                .isEqualTo("sha256=" + CallbacksTest.hmacSha256(key[1], raw));
    }

    @Test
    void aSecretStoredInClearBeforeV54IsSealedByTheStartUpStepAndStillSigns() throws Exception {
        String keyId = "key_legacy_" + UUID.randomUUID().toString().substring(0, 8);
        String apiKey = "pk_sandbox_legacy_" + UUID.randomUUID();
        String secret = "whsec_legacy_" + UUID.randomUUID();
        db.sql("INSERT INTO collect_api_keys (key_id, client_id, mode, key_sha256, webhook_secret, created_at)"
                        + " VALUES (:id, :client, 'sandbox', :sha, :secret, :at)")
                .bind("id", keyId)
                .bind("client", "legacy-" + keyId)
                .bind("sha", TokenDigest.sha256Hex(apiKey))
                .bind("secret", secret)
                .bind("at", Instant.now())
                .fetch()
                .rowsUpdated()
                .block();

        assertThat(webhookSecrets.sealClearRows()).isGreaterThanOrEqualTo(1);
        assertNoClearSecret(keyId, secret);
        assertThat(webhookSecrets.sealClearRows()).as("nothing left in clear").isZero();

        List<LoggedRequest> received = callbackOf(apiKey);
        assertThat(received.get(0).getHeader("X-Payment-Signature"))
                .isEqualTo("sha256="
                        + CallbacksTest.hmacSha256(secret, received.get(0).getBody()));
    }

    private void assertNoClearSecret(String keyId, String secret) {
        Object[] row = db.sql("SELECT webhook_secret, webhook_secret_sealed FROM collect_api_keys WHERE key_id = :id")
                .bind("id", keyId)
                .map(r -> new Object[] {
                    r.get("webhook_secret", String.class), r.get("webhook_secret_sealed", ByteBuffer.class)
                })
                .one()
                .block();
        assertThat(row[0]).as("no clear column").isNull();
        ByteBuffer sealed = (ByteBuffer) row[1];
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        assertThat(bytes).hasSizeGreaterThan(secret.length());
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(count("SELECT count(*) FROM collect_api_keys WHERE webhook_secret_sealed::text LIKE '%" + secret
                        + "%' OR webhook_secret = '" + secret + "'"))
                .isZero();
    }

    private List<LoggedRequest> callbackOf(String apiKey) throws Exception {
        String path = "/sealed-" + UUID.randomUUID();
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(200)));
        initiated(apiKey, body(newPaymentId(), "0.01", "EUR", callbackUrl(path)));
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.findAll(postRequestedFor(urlEqualTo(path))), list -> !list.isEmpty());
    }
}
