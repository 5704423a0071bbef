package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;
import static io.tracknow.gateway.intake.JsonBodies.wholeNumber;

import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.signature.HmacSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * CMI (Centre Monétique Interbancaire) callbacks (docs/ingest-gateway.md, "Payment-provider callbacks"): the body's {@code signature} field is the hex
 * HMAC-SHA256(store key, canonical JSON of the other fields: keys sorted at every depth, compact).
 * {@code amount} is in centimes. Deduplicated on payment id + event + status.
 */
@Component
public class CmiSource extends PaymentSource {

    private final JsonMapper json;

    public CmiSource(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String provider() {
        return "cmi";
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        SignatureField field = SignatureField.of(json, delivery);
        byte[] expected = HmacSignatures.hmacSha256(
                credential.secret(), CanonicalJson.sortedCompact(field.signed()).getBytes(StandardCharsets.UTF_8));
        return HmacSignatures.matchesHex(expected, field.presented());
    }

    @Override
    PaymentCallback read(Delivery delivery) {
        ObjectNode body = (ObjectNode) JsonBodies.object(json, delivery.body());
        String paymentId = text(required(body, "payment_id"), "payment_id");
        String status = text(required(body, "status"), "status");
        String currency = Amounts.currency(text(required(body, "currency"), "currency"), "currency");
        long amount = wholeNumber(body, "amount"); // centimes
        String event = optionalText(body, "event");
        return new PaymentCallback(
                paymentId,
                status,
                amount,
                currency,
                time(optionalText(body, "paid_at")),
                "payment:" + paymentId + ":" + (event == null ? "" : event) + ":" + status,
                CanonicalJson.without(json, body, "signature"));
    }

    static Instant time(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidWebhookException("not an ISO-8601 date-time: " + value);
        }
    }
}
