package io.tracknow.secrets;

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

/**
 * Seals secrets at rest with AES-GCM (NIST SP 800-38D): a fresh 96-bit nonce per value, a 128-bit tag,
 * and the owner of the secret (e.g. merchant + source, merchant + gateway) as associated data, so a
 * ciphertext copied onto another owner's row does not decrypt. Stored as
 * {@code version(1) | nonce(12) | ciphertext+tag}. The one implementation every service uses for
 * secrets it must store and read back (webhook credentials, payment gateway keys).
 */
public final class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Development only: the demo platform and the tests. Never used when a key is configured or demo is off. */
    private static final String DEMO_KEY = "dHJhY2tub3ctZGVtby1rZXktMzItYnl0ZXMtbG9uZyE=";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** @param rawKey an AES key of 16, 24 or 32 bytes */
    public SecretCipher(byte[] rawKey) {
        if (rawKey.length != 16 && rawKey.length != 24 && rawKey.length != 32) {
            throw new IllegalStateException("the secret key must decode to 16, 24 or 32 bytes, not " + rawKey.length);
        }
        this.key = new SecretKeySpec(rawKey.clone(), "AES");
    }

    /**
     * The cipher of a service's configured key.
     *
     * @param base64Key the configured key (base64 of 16, 24 or 32 bytes); blank only when {@code demo} is set
     * @param demo      the demo mode: a blank key then means the fixed development key (with a warning)
     * @param setting   how the service names its key setting, for the start-up error (e.g.
     *                  "tracknow.gateway.secret-key (TRACKNOW_GATEWAY_SECRET_KEY)")
     */
    public static SecretCipher fromSetting(String base64Key, boolean demo, String setting) {
        String configured = base64Key;
        if (configured == null || configured.isBlank()) {
            if (!demo) {
                throw new IllegalStateException(setting + " must hold a base64 AES key of 16, 24 or 32 bytes:"
                        + " secrets are encrypted with it");
            }
            log.warn("no {} configured: secrets are encrypted with the fixed DEMO key", setting);
            configured = DEMO_KEY;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(configured.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64", e);
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalStateException(setting + " must decode to 16, 24 or 32 bytes, not " + raw.length);
        }
        return new SecretCipher(raw);
    }

    /** @param owner what the secret belongs to, bound as associated data (e.g. merchant id and source) */
    public byte[] encrypt(String secret, String... owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(owner));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * @throws IllegalStateException when the value was not sealed with this key for this owner
     */
    public String decrypt(byte[] stored, String... owner) {
        if (stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new IllegalStateException("not an encrypted secret of version " + VERSION);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(aad(owner));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "a secret of " + String.join("/", owner) + " does not decrypt with the configured key", e);
        }
    }

    /** The owner's parts joined with NUL (the gateway's merchant + source layout, unchanged, so stored values still open). */
    private static byte[] aad(String... owner) {
        return String.join("\u0000", owner).getBytes(StandardCharsets.UTF_8);
    }
}
