package io.tracknow.gateway.tiktok;

import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.signature.HmacSignatures;
import java.nio.charset.StandardCharsets;

/**
 * TikTok Shop signature schemes, chosen per merchant credential:
 * <ul>
 *   <li>{@code X_TIKTOK_SIGNATURE} (the default): header {@code X-TikTok-Signature} = hex HMAC-SHA256(app secret, raw body);</li>
 *   <li>{@code AUTHORIZATION} (TikTok Shop Partner Center, webhook signature): header {@code Authorization} =
 *       hex HMAC-SHA256(app secret, app key + raw body).</li>
 * </ul>
 */
final class TikTokSignatures {

    private TikTokSignatures() {}

    static final String TIMESTAMP_HEADER = "X-TikTok-Timestamp";

    static boolean verify(
            MerchantCredential credential,
            byte[] body,
            String xTikTokSignature,
            String authorization,
            String timestamp) {
        return switch (credential.scheme()) {
            case "X_TIKTOK_SIGNATURE_TIMESTAMP" ->
                timestamp != null
                        && HmacSignatures.matchesHex(
                                HmacSignatures.hmacSha256(
                                        credential.secret(), timestamp.trim().getBytes(StandardCharsets.UTF_8), body),
                                xTikTokSignature);
            case "X_TIKTOK_SIGNATURE" ->
                HmacSignatures.matchesHex(HmacSignatures.hmacSha256(credential.secret(), body), xTikTokSignature);
            case "AUTHORIZATION" ->
                HmacSignatures.matchesHex(
                        HmacSignatures.hmacSha256(
                                credential.secret(), credential.appKey().getBytes(StandardCharsets.UTF_8), body),
                        authorization);
            default -> false;
        };
    }
}
