package io.tracknow.payment.connectors.cmi;

import io.tracknow.payment.connectors.ConnectorSupport;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.ProviderHttp;
import io.tracknow.payment.connectors.ProviderHttp.Reply;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CMI (Centre Monétique Interbancaire), MAD only. {@code POST /payments/create} with
 * {@code Authorization: Bearer <cmi_api_key>}, amount in centimes, our payment id as {@code order_id};
 * it answers {@code {payment_id, status: "pending", payment_url, expires_at}}. Its status is read back
 * with {@code GET /payments/{payment_id}}, which answers the callback's shape
 * ({@code payment_id, amount, currency, status: pending|completed|failed}).
 */
@Component
public class CmiConnector extends ConnectorSupport {

    public CmiConnector(ProviderHttp http, JsonMapper json) {
        super(http, json);
    }

    @Override
    public Gateway gateway() {
        return Gateway.CMI;
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", order.amount().minor());
        body.put("currency", order.currency());
        body.put("merchant_id", setup.setting("cmi_merchant_id"));
        body.put("order_id", order.paymentId());
        body.put("description", order.description());
        body.put("customer", Map.of("name", setup.merchantId()));
        body.put("callback_url", order.callbackUrl());
        String request = write(body);
        return exchange(
                request,
                setup,
                http.json(
                        gateway(),
                        HttpMethod.POST,
                        http.uri(gateway(), "/payments/create"),
                        h -> h.setBearerAuth(setup.secret("cmi_api_key")),
                        request),
                this::read);
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        return exchange(
                null,
                setup,
                http.json(
                        gateway(),
                        HttpMethod.GET,
                        http.uri(gateway(), "/payments/" + externalId),
                        h -> h.setBearerAuth(setup.secret("cmi_api_key")),
                        null),
                this::read);
    }

    private ProviderAnswer read(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/message", "/error");
        }
        JsonNode answer = body(reply);
        String id = required(answer, "payment_id");
        Outcome outcome = switch (required(answer, "status").toLowerCase(Locale.ROOT)) {
            case "pending", "processing" -> Outcome.PENDING;
            case "completed", "succeeded", "paid" -> Outcome.SUCCEEDED;
            case "failed", "cancelled", "expired", "declined" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown status");
        };
        Long amount = answer.has("amount") ? answer.path("amount").asLong() : null;
        String currency = answer.has("currency") ? answer.path("currency").asString() : null;
        return new ProviderAnswer(
                outcome,
                id,
                answer.path("payment_url").asString(null),
                amount,
                currency,
                0,
                outcome == Outcome.FAILED
                        ? "CMI status " + answer.path("status").asString()
                        : null,
                null,
                null);
    }
}
