package io.tracknow.gateway.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over raw request bytes, compared in constant time. */
public final class HmacSignatures {

    private HmacSignatures() {}

    public static byte[] hmacSha256(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** True when the presented hex signature equals the expected digest (case-insensitive, constant time). */
    public static boolean matchesHex(byte[] expected, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(presented.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    /** True when the presented base64 signature equals the expected digest (constant time). */
    public static boolean matchesBase64(byte[] expected, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] given;
        try {
            given = java.util.Base64.getDecoder().decode(presented.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }
}
