package io.tracknow.payment.collect.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seed 004 "Signature de webhook": {@code X-Payment-Signature: sha256=<hex HMAC-SHA256(webhook_secret,
 * request_body)>} (RFC 2104 HMAC over the exact bytes sent, lower-case hex).
 */
public final class CallbackSignature {

    public static final String HEADER = "X-Payment-Signature";

    private CallbackSignature() {}

    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is in every JVM", e);
        }
    }
}
