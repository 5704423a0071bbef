package io.tracknow.gateway.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.gateway.GatewayTestSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The "timestamp + body" TikTok signature variant (docs/ingest-gateway.md, "Routes"), chosen per merchant. */
class TikTokTimestampSchemeTest extends GatewayTestSupport {

    private static final String SECRET = "ts-secret";
    private String merchant;

    @BeforeEach
    void merchant() throws Exception {
        merchant = uniqueMerchant();
        configure(
                merchant,
                "TIKTOK_SHOP",
                "{\"scheme\": \"X_TIKTOK_SIGNATURE_TIMESTAMP\", \"secrets\": [\"" + SECRET + "\"]}");
    }

    @Test
    void acceptsASignatureOverTheTimestampHeaderAndTheBody() throws Exception {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        byte[] body = order();
        HttpResponse<String> response = send(body, timestamp, hexHmac(SECRET, utf8(timestamp + new String(body))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void refusesTheBodyOnlySignatureAMissingTimestampAndAStaleOne() throws Exception {
        byte[] body = order();
        String now = Long.toString(Instant.now().getEpochSecond());
        assertProblem(send(body, now, hexHmac(SECRET, body)), 401, "invalid-signature");
        assertProblem(send(body, null, hexHmac(SECRET, utf8(now + new String(body)))), 401, "invalid-signature");
        String stale = Long.toString(Instant.now().getEpochSecond() - 900);
        assertProblem(send(body, stale, hexHmac(SECRET, utf8(stale + new String(body)))), 400, "stale-timestamp");
    }

    private HttpResponse<String> send(byte[] body, String timestamp, String signature) throws Exception {
        Map<String, String> headers =
                new java.util.HashMap<>(Map.of("Content-Type", "application/json", "X-TikTok-Signature", signature));
        if (timestamp != null) {
            headers.put("X-TikTok-Timestamp", timestamp);
        }
        return post("/webhooks/tiktok/" + merchant, body, headers);
    }

    private static byte[] order() {
        return utf8("""
                {"timestamp": %d, "data": {"order_id": "o-%s", "order_status": 111,
                 "payment": {"total_amount": 500, "currency": "EUR"}}}
                """.formatted(Instant.now().getEpochSecond(), UUID.randomUUID()));
    }
}
