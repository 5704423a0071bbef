package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.web.auth.TokenDigest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Seed 004 "Authentification": an API key per client platform, issued by the operator, stored as a hash. */
class ApiKeysTest extends CollectApiTestBase {

    @Test
    void theOperatorIssuesAKeyShownOnceAndStoredOnlyAsItsHash() throws Exception {
        String[] key = newKey("sandbox");
        assertThat(key[0]).startsWith("pk_sandbox_").hasSizeGreaterThan(40);
        assertThat(key[1]).startsWith("whsec_");
        String stored = db.sql("SELECT key_sha256 FROM collect_api_keys WHERE key_id = :id")
                .bind("id", key[2])
                .map(row -> row.get(0, String.class))
                .one()
                .block();
        assertThat(stored).isEqualTo(TokenDigest.sha256Hex(key[0]));
        assertThat(count("SELECT count(*) FROM collect_api_keys WHERE key_sha256 = '" + key[0] + "'"))
                .isZero();

        HttpResponse<String> listed = send("GET", "/api/payment-clients/" + key[3] + "/keys", OPERATOR, null, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body())
                .contains(key[2], "\"mode\":\"sandbox\"")
                .doesNotContain(key[0])
                .doesNotContain(key[1]);
    }

    @Test
    void onlyTheOperatorIssuesListsAndRevokesKeys() throws Exception {
        String[] key = newKey("live");
        for (String token : new String[] {MERCHANT, key[0]}) {
            assertThat(send("POST", "/api/payment-clients/x/keys", token, "{\"mode\":\"sandbox\"}", null)
                            .statusCode())
                    .isIn(401, 404);
            assertThat(send("GET", "/api/payment-clients/" + key[3] + "/keys", token, null, null)
                            .statusCode())
                    .isIn(401, 404);
        }
        assertThat(send("POST", "/api/payment-clients/x/keys", null, "{\"mode\":\"sandbox\"}", null)
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> badMode =
                send("POST", "/api/payment-clients/x/keys", OPERATOR, "{\"mode\":\"test\"}", null);
        assertThat(badMode.statusCode()).isEqualTo(400);
        assertThat(problemType(badMode)).endsWith("/invalid-request");
        assertThat(send("DELETE", "/api/payment-clients/" + key[3] + "/keys/key_nope", OPERATOR, null, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void thePaymentsApiTakesOnlyALiveApiKey() throws Exception {
        String[] key = newKey("sandbox");
        String path = "/api/v1/payments/ext_nope/status";
        HttpResponse<String> none = send("GET", path, null, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer realm=\"tracknow\""));
        assertThat(problemType(none)).endsWith("/unauthorized");
        // the platform's own tokens are not API keys
        assertThat(send("GET", path, OPERATOR, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", path, MERCHANT, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", path, "pk_sandbox_made_up", null, null).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", path, key[0], null, null).statusCode()).isEqualTo(404);

        assertThat(send("DELETE", "/api/payment-clients/" + key[3] + "/keys/" + key[2], OPERATOR, null, null)
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> revoked = send("GET", path, key[0], null, null);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).contains("invalid_token"));
        assertThat(send("DELETE", "/api/payment-clients/" + key[3] + "/keys/" + key[2], OPERATOR, null, null)
                        .statusCode())
                .as("revoking again changes nothing")
                .isEqualTo(204);
        JsonNode listed = JSON.readTree(send("GET", "/api/payment-clients/" + key[3] + "/keys", OPERATOR, null, null)
                .body());
        assertThat(listed.get(0).path("revokedAt").asString()).isNotBlank();
    }

    @Test
    void healthIsPublicAndSaysHealthy() throws Exception {
        HttpResponse<String> health = send("GET", "/health", null, null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asString()).isEqualTo("healthy");
        assertThat(body.path("version").asString()).isEqualTo("1.0.0");
        assertThat(body.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
}
