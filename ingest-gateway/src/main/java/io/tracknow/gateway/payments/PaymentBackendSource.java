package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.optionalObject;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.signature.HmacSignatures;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The external payment backend's callback (docs/ingest-gateway.md, "Payment-provider callbacks"): header {@code X-Payment-Signature: sha256=<hex
 * HMAC-SHA256(webhook secret, raw body)>}; body {@code external_payment_id}, {@code status}, optional
 * {@code metadata}. It states no amount. Deduplicated on payment id + status (the backend may call
 * several times; the seed asks the receiver to be idempotent).
 */
@Component
public class PaymentBackendSource extends PaymentSource {

    private final JsonMapper json;

    public PaymentBackendSource(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String provider() {
        return "backend";
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        String header = delivery.header("X-Payment-Signature");
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        return HmacSignatures.matchesHex(
                HmacSignatures.hmacSha256(credential.secret(), delivery.body()), header.substring("sha256=".length()));
    }

    @Override
    PaymentCallback read(Delivery delivery) {
        ObjectNode body = (ObjectNode) JsonBodies.object(json, delivery.body());
        String paymentId = text(required(body, "external_payment_id"), "external_payment_id");
        String status = text(required(body, "status"), "status");
        return new PaymentCallback(
                paymentId,
                status,
                null,
                null,
                CmiSource.time(optionalText(optionalObject(body, "metadata"), "completed_at")),
                "payment:" + paymentId + ":" + status,
                json.writeValueAsString(body));
    }
}
