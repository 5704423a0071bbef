package io.tracknow.payment.connectors.payzen;

import io.tracknow.payment.connectors.ConnectorSupport;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.ProviderHttp;
import io.tracknow.payment.connectors.ProviderHttp.Reply;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PayZen / Lyra REST V4 (MAD, EUR, USD). {@code POST /Charge/CreatePayment} with
 * {@code Authorization: Basic base64(payzen_shop_id:payzen_api_key)}, amount in minor units, our payment
 * id as {@code orderId}, and the marketplace {@code splits}: the platform's share to the platform's
 * account and each influencer's share to theirs, with the totals in {@code customData}. It answers
 * {@code {"status": "SUCCESS", "answer": {"formToken", "orderId"}}} or {@code "status": "ERROR"} with
 * {@code answer.errorCode/errorMessage}. The order's state is read back with {@code POST /Order/Get}
 * ({@code answer.orderStatus} PAID, UNPAID, RUNNING; {@code orderDetails.orderTotalAmount/orderCurrency}).
 */
@Component
public class PayZenConnector extends ConnectorSupport {

    public PayZenConnector(ProviderHttp http, JsonMapper json) {
        super(http, json);
    }

    @Override
    public Gateway gateway() {
        return Gateway.PAYZEN;
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", order.amount().minor());
        body.put("currency", order.currency());
        body.put("orderId", order.paymentId());
        body.put("customer", Map.of("reference", setup.merchantId()));
        body.put("transactionOptions", Map.of("cardOptions", Map.of("paymentSource", "EC")));
        if (!order.splits().isEmpty()) {
            long platform = order.splits().stream()
                    .filter(s -> s.accountId().equals(platformAccount(setup)))
                    .mapToLong(PaymentOrder.Split::amountMinor)
                    .sum();
            long influencers = order.splits().stream()
                            .mapToLong(PaymentOrder.Split::amountMinor)
                            .sum()
                    - platform;
            body.put("customData", Map.of("platformCommission", platform, "influencerCommission", influencers));
            String seller = setup.setting("payzen_seller_account_id");
            body.put(
                    "marketplace",
                    Map.of(
                            "sellerAccountId",
                            seller.isEmpty() ? setup.merchantId() : seller,
                            "splits",
                            order.splits().stream()
                                    .map(s -> Map.of(
                                            "amount", s.amountMinor(), "label", s.label(), "accountId", s.accountId()))
                                    .toList()));
        }
        String request = write(body);
        return exchange(
                request,
                setup,
                http.json(
                        gateway(),
                        HttpMethod.POST,
                        http.uri(gateway(), "/Charge/CreatePayment"),
                        h -> basic(h, setup),
                        request),
                reply -> created(reply));
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        String request = write(Map.of("orderId", externalId));
        return exchange(
                request,
                setup,
                http.json(gateway(), HttpMethod.POST, http.uri(gateway(), "/Order/Get"), h -> basic(h, setup), request),
                this::order);
    }

    /** The account that receives the platform's split, named in the set-up or the platform's default. */
    public static String platformAccount(GatewaySetup setup) {
        String account = setup.setting("payzen_platform_account_id");
        return account.isEmpty() ? "tracknow-platform" : account;
    }

    private ProviderAnswer created(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/answer/errorMessage");
        }
        JsonNode root = body(reply);
        JsonNode answer = root.path("answer");
        return switch (required(root, "status")) {
            case "SUCCESS" ->
                new ProviderAnswer(Outcome.PENDING, required(answer, "orderId"), null, null, null, 0, null, null, null);
            case "ERROR" ->
                ProviderAnswer.failed(
                        null,
                        "PayZen " + answer.path("errorCode").asString("") + ": "
                                + answer.path("errorMessage").asString(""),
                        null,
                        null);
            default -> throw new IllegalArgumentException("unknown status");
        };
    }

    private ProviderAnswer order(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/answer/errorMessage");
        }
        JsonNode root = body(reply);
        if (!"SUCCESS".equals(required(root, "status"))) {
            return ProviderAnswer.failed(
                    null, "PayZen " + root.path("answer").path("errorMessage").asString(""), null, null);
        }
        JsonNode answer = root.path("answer");
        JsonNode details = answer.path("orderDetails");
        Outcome outcome = switch (required(answer, "orderStatus")) {
            case "PAID" -> Outcome.SUCCEEDED;
            case "RUNNING", "PARTIALLY_PAID" -> Outcome.PENDING;
            case "UNPAID", "ABANDONED" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown orderStatus");
        };
        return new ProviderAnswer(
                outcome,
                required(details, "orderId"),
                null,
                details.path("orderTotalAmount").asLong(),
                required(details, "orderCurrency"),
                0,
                outcome == Outcome.FAILED
                        ? "PayZen order " + answer.path("orderStatus").asString()
                        : null,
                null,
                null);
    }

    private static void basic(HttpHeaders headers, GatewaySetup setup) {
        String pair = setup.setting("payzen_shop_id") + ":" + setup.secret("payzen_api_key");
        headers.set(
                HttpHeaders.AUTHORIZATION,
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
}
