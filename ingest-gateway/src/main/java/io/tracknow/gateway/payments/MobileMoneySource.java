package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.signature.HmacSignatures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orange Money, MTN MoMo and Moov Money callbacks. Our only requirement is that each webhook is verified
 * with HMAC-SHA256; these providers publish no common header, so the gateway's contract (documented
 * for the merchant's integration) is {@code X-Signature: [sha256=]<hex HMAC-SHA256(secret, raw body)>}.
 * The payment id is the first of transaction_id, txnid, financialTransactionId, externalId,
 * reference; the amount a decimal in major units. Deduplicated on payment id + status.
 */
public class MobileMoneySource extends PaymentSource {

    private static final String[] ID_FIELDS = {
        "transaction_id", "txnid", "financialTransactionId", "externalId", "reference"
    };

    private final String provider;
    private final JsonMapper json;

    public MobileMoneySource(String provider, JsonMapper json) {
        this.provider = provider;
        this.json = json;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        String header = delivery.header("X-Signature");
        if (header != null && header.startsWith("sha256=")) {
            header = header.substring("sha256=".length());
        }
        return HmacSignatures.matchesHex(HmacSignatures.hmacSha256(credential.secret(), delivery.body()), header);
    }

    @Override
    PaymentCallback read(Delivery delivery) {
        JsonNode body = JsonBodies.object(json, delivery.body());
        String paymentId = null;
        for (String field : ID_FIELDS) {
            paymentId = paymentId != null ? paymentId : optionalText(body, field);
        }
        if (paymentId == null) {
            throw new InvalidWebhookException("missing the payment id (one of " + String.join(", ", ID_FIELDS) + ")");
        }
        String status = text(required(body, "status"), "status");
        String currencyCode = optionalText(body, "currency");
        String currency = currencyCode == null ? null : Amounts.currency(currencyCode, "currency");
        JsonNode amountNode = body.get("amount");
        Long amount = null;
        if (amountNode != null && !amountNode.isNull()) {
            if (currency == null) {
                throw new InvalidWebhookException("an amount needs its currency");
            }
            amount = Amounts.minor(text(amountNode, "amount"), currency, "amount");
        }
        return new PaymentCallback(
                paymentId,
                status,
                amount,
                currency,
                null,
                "payment:" + paymentId + ":" + status,
                json.writeValueAsString(body));
    }
}
