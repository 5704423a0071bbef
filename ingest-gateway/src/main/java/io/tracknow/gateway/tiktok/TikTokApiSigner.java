package io.tracknow.gateway.tiktok;

import io.tracknow.gateway.signature.HmacSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * TikTok Shop Open API request signing (API version 202309, "Sign your API request" in the Partner
 * Center docs): every query parameter except {@code sign} and {@code access_token}, sorted by name, as
 * name+value pairs appended to the path, then the body (none for GET), wrapped in the app secret on
 * both sides; {@code sign} = hex HMAC-SHA256(app secret, that string).
 */
final class TikTokApiSigner {

    private TikTokApiSigner() {}

    static String sign(String appSecret, String path, Map<String, String> query, String body) {
        StringBuilder text = new StringBuilder(appSecret).append(path);
        new TreeMap<>(query).forEach((name, value) -> {
            if (!name.equals("sign") && !name.equals("access_token")) {
                text.append(name).append(value);
            }
        });
        text.append(body == null ? "" : body).append(appSecret);
        return HmacSignatures.hex(
                HmacSignatures.hmacSha256(appSecret, text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
