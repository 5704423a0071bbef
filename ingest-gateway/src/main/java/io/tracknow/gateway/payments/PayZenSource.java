package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.requiredObject;
import static io.tracknow.gateway.intake.JsonBodies.text;
import static io.tracknow.gateway.intake.JsonBodies.wholeNumber;

import io.tracknow.gateway.credentials.MerchantCredential;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.gateway.signature.HmacSignatures;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PayZen / Lyra IPN (https://docs.lyra.com/en/rest/V4.0/kb/payment_done.html; docs/ingest-gateway.md). The signed
 * text is {@code kr-answer} exactly as sent: the form field of a real IPN
 * (application/x-www-form-urlencoded), or in a JSON body the string value, or the raw bytes of the
 * object. {@code kr-hash} is, per {@code kr-hash-algorithm}: {@code sha256_hmac} (Lyra) = hex
 * HMAC-SHA256(key, answer); absent or {@code sha256} (the older integration) = hex SHA-256(answer + key).
 * Amounts are in minor units. Deduplicated on transaction uuid (else order id) + order status.
 */
@Component
public class PayZenSource extends PaymentSource {

    private final JsonMapper json;

    public PayZenSource(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String provider() {
        return "payzen";
    }

    @Override
    public Set<MediaType> contentTypes() {
        return Set.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED);
    }

    @Override
    public boolean verify(Delivery delivery, MerchantCredential credential) {
        Ipn ipn = ipn(delivery);
        byte[] answer = ipn.answer().getBytes(StandardCharsets.UTF_8);
        byte[] expected = "sha256_hmac".equals(ipn.algorithm())
                ? HmacSignatures.hmacSha256(credential.secret(), answer)
                : sha256(ipn.answer() + credential.secret());
        return HmacSignatures.matchesHex(expected, ipn.hash());
    }

    @Override
    PaymentCallback read(Delivery delivery) {
        JsonNode answer;
        try {
            answer = JsonBodies.object(json, ipn(delivery).answer().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidWebhookException e) {
            throw new InvalidWebhookException("kr-answer: " + e.getMessage());
        }
        String status = text(required(answer, "orderStatus"), "kr-answer.orderStatus");
        JsonNode details = requiredObject(answer, "orderDetails");
        String orderId = text(required(details, "orderId"), "kr-answer.orderDetails.orderId");
        String currency = Amounts.currency(text(required(details, "orderCurrency"), "orderCurrency"), "orderCurrency");
        long total = wholeNumber(details, "orderTotalAmount"); // minor units
        List<JsonNode> transactions = objects(answer, "transactions");
        String uuid = transactions.isEmpty() ? null : optionalText(transactions.getFirst(), "uuid");
        String paymentId = uuid != null ? uuid : orderId;
        return new PaymentCallback(
                paymentId,
                status,
                total,
                currency,
                null,
                "payment:" + paymentId + ":" + status,
                json.writeValueAsString(answer));
    }

    private record Ipn(String answer, String hash, String algorithm) {}

    private Ipn ipn(Delivery delivery) {
        if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(delivery.contentType())) {
            Map<String, String> form = form(new String(delivery.body(), StandardCharsets.UTF_8));
            String answer = form.get("kr-answer");
            if (answer == null) {
                throw new InvalidWebhookException("missing form field kr-answer");
            }
            return new Ipn(answer, form.get("kr-hash"), form.get("kr-hash-algorithm"));
        }
        JsonNode body = JsonBodies.object(json, delivery.body());
        JsonNode answer = required(body, "kr-answer");
        String raw = answer.isString() ? answer.asString() : RawJson.member(delivery.body(), "kr-answer");
        return new Ipn(raw, optionalText(body, "kr-hash"), optionalText(body, "kr-hash-algorithm"));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
