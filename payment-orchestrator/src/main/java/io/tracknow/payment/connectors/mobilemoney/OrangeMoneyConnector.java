package io.tracknow.payment.connectors.mobilemoney;

import io.tracknow.payment.connectors.ConnectorSupport;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.ProviderHttp;
import io.tracknow.payment.connectors.ProviderHttp.Reply;
import io.tracknow.payment.connectors.TokenCache;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * Orange Money Web Payment (developer.orange.com, "Orange Money WebPay"). A token from
 * {@code POST /oauth/v3/token} (Basic client id : client secret, form {@code grant_type=client_credentials}),
 * cached until it expires; {@code POST /orange-money-webpay/{country}/v1/webpayment} with the
 * {@code merchant_key}, our payment id as {@code order_id}, the amount in major units and the
 * {@code notif_url}, answered 201 {@code {status: 201, pay_token, payment_url, notif_token}}; the status is
 * {@code POST .../transactionstatus} with {@code order_id, amount, pay_token}: {@code status} INITIATED,
 * PENDING, SUCCESS, FAILED or EXPIRED. The WebPay API is collection only: Orange Money payouts are
 * refused (FAILED) and an influencer paid by Orange Money needs another account.
 */
@Component
public class OrangeMoneyConnector extends ConnectorSupport {

    private final TokenCache tokens;

    public OrangeMoneyConnector(ProviderHttp http, JsonMapper json, Clock clock) {
        super(http, json);
        this.tokens = new TokenCache(clock);
    }

    @Override
    public Gateway gateway() {
        return Gateway.ORANGE_MONEY;
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchant_key", setup.secret("orange_merchant_key"));
        body.put("currency", order.currency());
        body.put("order_id", order.paymentId());
        body.put("amount", order.amount().toMajor());
        body.put("return_url", order.callbackUrl());
        body.put("cancel_url", order.callbackUrl());
        body.put("notif_url", order.callbackUrl());
        body.put("lang", "fr");
        body.put("reference", order.description());
        String request = write(body);
        return exchange(
                request,
                setup,
                authorized(
                        setup,
                        token -> http.json(
                                gateway(),
                                HttpMethod.POST,
                                http.uri(
                                        gateway(),
                                        "/orange-money-webpay/" + setup.setting("orange_country") + "/v1/webpayment"),
                                h -> h.setBearerAuth(token),
                                request)),
                reply -> {
                    if (!reply.ok()) {
                        return refused(reply, "/message", "/description");
                    }
                    JsonNode answer = body(reply);
                    return new ProviderAnswer(
                            Outcome.PENDING,
                            required(answer, "pay_token"),
                            answer.path("payment_url").asString(null),
                            null,
                            null,
                            0,
                            null,
                            null,
                            null);
                });
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        String request = write(
                Map.of("order_id", order.paymentId(), "amount", order.amount().toMajor(), "pay_token", externalId));
        return exchange(
                request,
                setup,
                authorized(
                        setup,
                        token -> http.json(
                                gateway(),
                                HttpMethod.POST,
                                http.uri(
                                        gateway(),
                                        "/orange-money-webpay/" + setup.setting("orange_country")
                                                + "/v1/transactionstatus"),
                                h -> h.setBearerAuth(token),
                                request)),
                reply -> {
                    if (!reply.ok()) {
                        return refused(reply, "/message", "/description");
                    }
                    JsonNode answer = body(reply);
                    Outcome outcome = switch (required(answer, "status")) {
                        case "SUCCESS" -> Outcome.SUCCEEDED;
                        case "INITIATED", "PENDING" -> Outcome.PENDING;
                        case "FAILED", "EXPIRED" -> Outcome.FAILED;
                        default -> throw new IllegalArgumentException("unknown status");
                    };
                    // WebPay states no amount of its own here: the amount asked is the one it checks against
                    return new ProviderAnswer(
                            outcome,
                            externalId,
                            null,
                            order.amount().minor(),
                            order.currency(),
                            0,
                            outcome == Outcome.FAILED
                                    ? "Orange Money " + answer.path("status").asString()
                                    : null,
                            null,
                            null);
                });
    }

    private Mono<Reply> authorized(GatewaySetup setup, java.util.function.Function<String, Mono<Reply>> call) {
        String key = setup.merchantId() + "\u0000" + setup.setting("orange_client_id");
        return tokens.get(
                        key,
                        () -> http.form(
                                        gateway(),
                                        http.uri(gateway(), "/oauth/v3/token"),
                                        h -> {
                                            String pair = setup.setting("orange_client_id") + ":"
                                                    + setup.secret("orange_client_secret");
                                            h.set(
                                                    HttpHeaders.AUTHORIZATION,
                                                    "Basic "
                                                            + Base64.getEncoder()
                                                                    .encodeToString(
                                                                            pair.getBytes(StandardCharsets.UTF_8)));
                                        },
                                        Map.of("grant_type", "client_credentials"))
                                .flatMap(reply -> {
                                    if (!reply.ok()) {
                                        return Mono.error(new IllegalStateException(
                                                "Orange token refused with HTTP " + reply.status()));
                                    }
                                    JsonNode answer = body(reply);
                                    return Mono.just(tokens.token(
                                            required(answer, "access_token"),
                                            answer.path("expires_in").asLong(3600)));
                                }))
                .flatMap(call)
                .flatMap(reply -> {
                    if (reply.status() == 401) {
                        tokens.invalidate(key);
                        return Mono.error(new IllegalStateException("Orange refused the cached token"));
                    }
                    return Mono.just(reply);
                });
    }
}
