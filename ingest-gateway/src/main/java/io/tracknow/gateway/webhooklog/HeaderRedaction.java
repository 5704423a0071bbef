package io.tracknow.gateway.webhooklog;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;

/**
 * What of a request's headers may be kept in the webhook log: everything except credentials and
 * signatures (a signature is a keyed digest of the body; it says nothing an operator needs and must
 * not be replayable from the log).
 */
final class HeaderRedaction {

    private static final String[] SECRET_PARTS = {
        "authorization", "signature", "hmac", "hash", "token", "secret", "cookie", "api-key", "apikey", "password"
    };

    private HeaderRedaction() {}

    static Map<String, String> safe(HttpHeaders headers) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : headers.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean secret = false;
            for (String part : SECRET_PARTS) {
                secret |= lower.contains(part);
            }
            if (!secret) {
                kept.put(lower, String.join(", ", headers.getValuesAsList(name)));
            }
        }
        return kept;
    }
}
