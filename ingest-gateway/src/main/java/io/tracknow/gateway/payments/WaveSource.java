package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.requiredObject;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.signature.HmacSignatures;
import io.tracknow.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wave webhooks (scheme from https://docs.wave.com/webhook): header
 * {@code Wave-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(webhook secret, t + raw body)>}. The
 * signed timestamp must be within the gateway's tolerance (replay protection). Deduplicated on the
 * event {@code id}.
 */
@Component
public class WaveSource extends PaymentSource {

    private final JsonMapper json;
    private final GatewayProperties properties;

    public WaveSource(JsonMapper json, GatewayProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    @Override
    public String provider() {
        return "wave";
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        String timestamp = part(delivery.header("Wave-Signature"), "t");
        if (timestamp == null) {
            return false;
        }
        byte[] expected = HmacSignatures.hmacSha256(
                credential.secret(), timestamp.getBytes(StandardCharsets.UTF_8), delivery.body());
        for (String element : delivery.header("Wave-Signature").split(",")) {
            String trimmed = element.trim();
            if (trimmed.startsWith("v1=") && HmacSignatures.matchesHex(expected, trimmed.substring(3))) {
                return true;
            }
        }
        return false;
    }

    @Override
    PaymentCallback read(Delivery delivery) {
        checkTimestamp(part(delivery.header("Wave-Signature"), "t"), delivery.receivedAt());
        JsonNode body = JsonBodies.object(json, delivery.body());
        String eventId = text(required(body, "id"), "id");
        JsonNode data = requiredObject(body, "data");
        String paymentId = text(required(data, "id"), "data.id");
        String status = optionalText(data, "payment_status");
        if (status == null) {
            status = text(required(body, "type"), "type");
        }
        String currency = Amounts.currency(text(required(data, "currency"), "data.currency"), "data.currency");
        long amount = Amounts.minor(text(required(data, "amount"), "data.amount"), currency, "data.amount");
        return new PaymentCallback(
                paymentId,
                status,
                amount,
                currency,
                CmiSource.time(optionalText(data, "when_completed")),
                "event:" + eventId,
                json.writeValueAsString(body));
    }

    private void checkTimestamp(String timestamp, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new InvalidWebhookException("Wave-Signature t= must be Unix seconds");
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), now).abs();
        if (skew.compareTo(properties.timestampTolerance()) > 0) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "stale-timestamp",
                    "Timestamp outside the accepted window",
                    "the signed timestamp is " + skew.toSeconds() + " s from the gateway's clock; at most "
                            + properties.timestampTolerance().toSeconds() + " s is accepted");
        }
    }

    private static String part(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String element : header.split(",")) {
            String trimmed = element.trim();
            if (trimmed.startsWith(name + "=")) {
                return trimmed.substring(name.length() + 1);
            }
        }
        return null;
    }
}
