package io.tracknow.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.gateway.GatewayTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class CredentialAdminTest extends GatewayTestSupport {

    @Autowired
    DatabaseClient db;

    @Autowired
    CredentialStore store;

    @Test
    void storesSecretsEncryptedAndNeverGivesThemBackNorLogsThem(CapturedOutput output) throws Exception {
        String merchant = uniqueMerchant();
        String secret = "very-secret-" + UUID.randomUUID();
        HttpResponse<String> put = operator(
                "PUT",
                "/admin/merchants/" + merchant + "/credentials/TIKTOK_SHOP",
                "{\"appKey\": \"app-1\", \"scheme\": \"AUTHORIZATION\", \"secrets\": [\"" + secret + "\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).path("activeSecrets").asInt()).isEqualTo(1);
        HttpResponse<String> get = operator("GET", "/admin/merchants/" + merchant + "/credentials", null);
        JsonNode source = json(get).path("sources").get(0);
        assertThat(source.path("scheme").asString()).isEqualTo("AUTHORIZATION");
        assertThat(source.path("appKey").asString()).isEqualTo("app-1");

        List<Map<String, Object>> rows = db.sql(
                        "SELECT secret, secret_ciphertext FROM merchant_credentials WHERE merchant_id = :m")
                .bind("m", merchant)
                .fetch()
                .all()
                .collectList()
                .block();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().get("secret")).isNull();
        ByteBuffer sealed = (ByteBuffer) rows.getFirst().get("secret_ciphertext");
        assertThat(StandardCharsets.ISO_8859_1.decode(sealed).toString()).doesNotContain(secret);

        assertThat(put.body() + get.body()).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);

        byte[] body = tiktokOrder();
        String authorization = hexHmac(secret, concat("app-1", body));
        HttpResponse<String> webhook = post(
                "/webhooks/tiktok/" + merchant,
                body,
                Map.of("Content-Type", "application/json", "Authorization", authorization));
        assertThat(webhook.statusCode())
                .as("the stored secret verifies TikTok's Authorization scheme")
                .isEqualTo(200);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void rotatesByListingBothSecretsThenDroppingTheOldOne() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "TIKTOK_SHOP", "{\"secrets\": [\"new\", \"old\"]}");
        assertThat(tiktok(merchant, "old").statusCode()).isEqualTo(200);
        assertThat(tiktok(merchant, "new").statusCode()).isEqualTo(200);

        configure(merchant, "TIKTOK_SHOP", "{\"secrets\": [\"new\"]}");
        assertProblem(tiktok(merchant, "old"), 401, "invalid-signature");
        assertThat(tiktok(merchant, "new").statusCode()).isEqualTo(200);
    }

    @Test
    void aSecretRevokedThroughAnotherReplicaStopsVerifyingOnceThisReplicasCacheTimeIsOver() throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, "TIKTOK_SHOP", "{\"secrets\": [\"new\", \"old\"]}");
        assertThat(tiktok(merchant, "old").statusCode()).isEqualTo(200);

        // what another replica's PUT leaves in the shared database (this replica's cache is not told)
        // the secrets were inserted in the order listed: "old" has the higher id
        db.sql("DELETE FROM merchant_credentials WHERE id = (SELECT max(id) FROM merchant_credentials"
                        + " WHERE merchant_id = :m)")
                .bind("m", merchant)
                .fetch()
                .rowsUpdated()
                .block();

        // once a second: each try is a webhook, and the merchant's rate limit (40 an hour in these tests) counts them
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertProblem(tiktok(merchant, "old"), 401, "invalid-signature"));
        assertThat(tiktok(merchant, "new").statusCode()).isEqualTo(200);
    }

    @Test
    void sealsSecretsLeftInPlainTextByTheFirstSchemaVersion() throws Exception {
        String merchant = uniqueMerchant();
        db.sql("INSERT INTO merchant_credentials (merchant_id, source, app_key, secret, scheme)"
                        + " VALUES (:m, 'TIKTOK_SHOP', '', 'legacy-plain', 'X_TIKTOK_SIGNATURE')")
                .bind("m", merchant)
                .fetch()
                .rowsUpdated()
                .block();
        assertThat(tiktok(merchant, "legacy-plain").statusCode())
                .as("readable before it is sealed")
                .isEqualTo(200);

        assertThat(store.encryptPlaintextSecrets().block()).isPositive();

        Map<String, Object> row = db.sql(
                        "SELECT secret, secret_ciphertext FROM merchant_credentials WHERE merchant_id = :m")
                .bind("m", merchant)
                .fetch()
                .one()
                .block();
        assertThat(row.get("secret")).isNull();
        assertThat(row.get("secret_ciphertext")).isNotNull();
        assertThat(tiktok(merchant, "legacy-plain").statusCode())
                .as("still verifies once sealed")
                .isEqualTo(200);
    }

    @Test
    void refusesAMalformedBodyWithoutEchoingOrLoggingTheSecretInIt(CapturedOutput output) throws Exception {
        String secret = "leaky-" + UUID.randomUUID();
        HttpResponse<String> response = operator(
                "PUT",
                "/admin/merchants/" + uniqueMerchant() + "/credentials/SHOPIFY",
                "{\"secrets\": [\"" + secret + "\", }");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void refusesBadCredentialRequests() throws Exception {
        String path = "/admin/merchants/" + uniqueMerchant() + "/credentials/";
        assertProblem(operator("PUT", path + "EBAY", "{\"secrets\": [\"s\"]}"), 404, "unknown-source");
        assertProblem(operator("PUT", path + "SHOPIFY", "{\"secrets\": []}"), 400, "invalid-credentials");
        assertProblem(operator("PUT", path + "SHOPIFY", "{\"secrets\": [\"a\", \"a\"]}"), 400, "invalid-credentials");
        assertProblem(
                operator("PUT", path + "SHOPIFY", "{\"secrets\": [\"s\"], \"scheme\": \"AUTHORIZATION\"}"),
                400,
                "invalid-credentials");
        assertProblem(
                operator("PUT", path + "TIKTOK_SHOP", "{\"secrets\": [\"s\"], \"scheme\": \"AUTHORIZATION\"}"),
                400,
                "invalid-credentials");
        HttpResponse<String> noToken = http.send(
                HttpRequest.newBuilder(URI.create(base() + path + "SHOPIFY"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"secrets\": [\"s\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(noToken, 401, "unauthorized");
    }

    private HttpResponse<String> tiktok(String merchant, String secret) throws Exception {
        byte[] body = tiktokOrder();
        return post(
                "/webhooks/tiktok/" + merchant,
                body,
                Map.of("Content-Type", "application/json", "X-TikTok-Signature", hexHmac(secret, body)));
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static byte[] tiktokOrder() {
        return utf8("""
                {"timestamp": %d, "data": {"order_id": "o-%s", "order_status": 100,
                 "payment": {"total_amount": 1000, "currency": "MAD"}}}
                """.formatted(Instant.now().getEpochSecond(), UUID.randomUUID()));
    }
}
