package io.tracknow.gateway.credentials;

import io.tracknow.gateway.config.GatewayProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts merchant secrets at rest with AES-GCM (NIST SP 800-38D): a fresh 96-bit nonce per value,
 * a 128-bit tag, and the merchant + source as associated data, so a ciphertext copied onto another
 * merchant's row does not decrypt. Stored as {@code version(1) | nonce(12) | ciphertext+tag}.
 * The key comes from {@code tracknow.gateway.secret-key} (env TRACKNOW_GATEWAY_SECRET_KEY, base64);
 * a fixed development key is used only when the demo mode is on and no key is configured.
 */
@Component
public class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Development only: the demo platform and the tests. Never used when a key is configured or demo is off. */
    private static final String DEMO_KEY = "dHJhY2tub3ctZGVtby1rZXktMzItYnl0ZXMtbG9uZyE=";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(GatewayProperties properties) {
        String configured = properties.secretKey();
        if (configured == null || configured.isBlank()) {
            if (!properties.demo()) {
                throw new IllegalStateException("tracknow.gateway.secret-key (TRACKNOW_GATEWAY_SECRET_KEY) must hold a"
                        + " base64 AES key of 16, 24 or 32 bytes: merchant secrets are encrypted with it");
            }
            log.warn("no tracknow.gateway.secret-key configured: merchant secrets are encrypted with the fixed DEMO key");
            configured = DEMO_KEY;
        }
        byte[] raw = Base64.getDecoder().decode(configured.trim());
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalStateException("tracknow.gateway.secret-key must decode to 16, 24 or 32 bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String secret, String merchantId, String source) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(merchantId, source));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * @throws IllegalStateException when the value was not sealed with this key for this merchant and source
     */
    public String decrypt(byte[] stored, String merchantId, String source) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("not an encrypted secret of version " + VERSION);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(aad(merchantId, source));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a secret of " + merchantId + "/" + source
                    + " does not decrypt with the configured key", e);
        }
    }

    private static byte[] aad(String merchantId, String source) {
        return (merchantId + "\u0000" + source).getBytes(StandardCharsets.UTF_8);
    }
}
