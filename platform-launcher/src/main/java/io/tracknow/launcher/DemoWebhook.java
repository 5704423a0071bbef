package io.tracknow.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sample TikTok Shop order (987654321, 125.50 USD, creator tiktok_creator_123, status 111),
 * stamped with the current time and signed as the demo merchant's app signs it.
 */
public final class DemoWebhook {

    public static final String MERCHANT = "demo-merchant";
    public static final String APP_SECRET = "demo-app-secret";
    public static final String INFLUENCER = "demo-influencer";
    public static final String ORDER_ID = "987654321";

    private DemoWebhook() {}

    /** The seed order's JSON with {@code orderId} and the given Unix time. */
    public static String body(String orderId, long epochSeconds) {
        try (InputStream in = DemoWebhook.class.getResourceAsStream("/demo/tiktok-order.json")) {
            if (in == null) {
                throw new IllegalStateException("demo/tiktok-order.json is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\"${TIMESTAMP}\"", Long.toString(epochSeconds))
                    .replace("${ORDER_ID}", orderId);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo order", e);
        }
    }

    /** Hex HMAC-SHA256 of the body with the secret: the {@code X-TikTok-Signature} header. */
    public static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Posts the signed order to the gateway at {@code gatewayUrl}. */
    public static HttpResponse<String> post(HttpClient http, String gatewayUrl, String orderId, Clock clock)
            throws IOException, InterruptedException {
        String body = body(orderId, clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/webhooks/tiktok/" + MERCHANT))
                .header("Content-Type", "application/json")
                .header("X-TikTok-Signature", sign(body, APP_SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
