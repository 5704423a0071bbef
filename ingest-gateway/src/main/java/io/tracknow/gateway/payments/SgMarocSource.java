package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.signature.HmacSignatures;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Société Générale Maroc e-Payment IPN (docs/ingest-gateway.md, "Payment-provider callbacks"): {@code signature} = base64 HMAC-SHA256(secret, the
 * other fields' values concatenated in key order). {@code amount} is a decimal string ("150.00").
 * Deduplicated on transaction id + status.
 */
@Component
public class SgMarocSource extends PaymentSource {

    private final JsonMapper json;

    public SgMarocSource(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String provider() {
        return "sgma";
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        SignatureField field = SignatureField.of(json, delivery);
        byte[] expected = HmacSignatures.hmacSha256(
                credential.secret(), CanonicalJson.sortedValues(field.signed()).getBytes(StandardCharsets.UTF_8));
        return HmacSignatures.matchesBase64(expected, field.presented());
    }

    @Override
    PaymentCallback read(Delivery delivery) {
        ObjectNode body = (ObjectNode) JsonBodies.object(json, delivery.body());
        String transactionId = text(required(body, "transactionId"), "transactionId");
        String status = text(required(body, "status"), "status");
        String currency = Amounts.currency(text(required(body, "currency"), "currency"), "currency");
        long amount = Amounts.minor(text(required(body, "amount"), "amount"), currency, "amount");
        return new PaymentCallback(
                transactionId,
                status,
                amount,
                currency,
                CmiSource.time(optionalText(body, "paymentDate")),
                "transaction:" + transactionId + ":" + status,
                CanonicalJson.without(json, body, "signature"));
    }
}
