package io.tracknow.gateway.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The {@code eventId} of a delivery's event is derived from the delivery, not drawn at random: a
 * name-based UUID (RFC 9562 version 5, SHA-1) of merchant, source and dedupe key. Every attempt of one
 * delivery therefore carries the same eventId. That matters when an attempt timed out at the gateway
 * (503, the reservation released) but the producer still delivered its record afterwards: the shop's
 * retry publishes a second copy, and consumers, idempotent on eventId, drop it instead of counting the
 * order twice. Dedupe keys are the gateway's definition of "the same delivery", so two deliveries with
 * the same key are the same fact and may share one id; different keys never do (short of a SHA-1
 * collision).
 */
public final class EventIds {

    /** This gateway's namespace for name-based event ids; never change it (ids of retries would change). */
    private static final UUID NAMESPACE = UUID.fromString("4f0d6c2e-8d3b-4c55-9a57-2f6b9e1d7c30");

    private EventIds() {}

    public static String forDelivery(String merchantId, String source, String dedupeKey) {
        // length-prefixed parts, so that ("a|b", "c") and ("a", "b|c") never name the same delivery
        String name = part(merchantId) + part(source) + part(dedupeKey);
        return nameBased(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String part(String value) {
        return value.length() + ":" + value + ";";
    }

    private static UUID nameBased(byte[] name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
