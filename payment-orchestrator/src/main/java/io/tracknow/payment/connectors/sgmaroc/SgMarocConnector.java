package io.tracknow.payment.connectors.sgmaroc;

import io.tracknow.payment.connectors.ConnectorSupport;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.ProviderHttp;
import io.tracknow.payment.connectors.ProviderHttp.Reply;
import io.tracknow.payment.connectors.TokenCache;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Société Générale Maroc e-Payment (MAD only). An OAuth2 client-credentials token
 * ({@code POST /oauth/token}, form {@code grant_type=client_credentials, client_id=sg_api_username,
 * client_secret=sg_api_password}, answer {@code access_token, expires_in}) is cached per merchant until a
 * minute before it expires; a 401 drops it and the call is made once more with a fresh token.
 * {@code POST /payment/init} carries the amount as a decimal string ("150.00") and answers
 * {@code {success, transactionId, paymentUrl, expiresAt}} or {@code {success: false, error}}; the status
 * is {@code GET /payment/{transactionId}} in the callback's shape ({@code status} SUCCESS, FAILED, PENDING).
 */
@Component
public class SgMarocConnector extends ConnectorSupport {

    private final TokenCache tokens;

    public SgMarocConnector(ProviderHttp http, JsonMapper json, Clock clock) {
        super(http, json);
        this.tokens = new TokenCache(clock);
    }

    @Override
    public Gateway gateway() {
        return Gateway.SG_MAROC;
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchantCode", setup.setting("sg_merchant_code"));
        body.put("terminalId", setup.setting("sg_terminal_id"));
        body.put("amount", order.major());
        body.put("currency", order.currency());
        body.put("orderId", order.paymentId());
        body.put("description", order.description());
        body.put("ipnUrl", order.callbackUrl());
        String request = write(body);
        return exchange(
                request,
                setup,
                authorized(
                        setup,
                        token -> http.json(
                                gateway(),
                                HttpMethod.POST,
                                http.uri(gateway(), "/payment/init"),
                                h -> h.setBearerAuth(token),
                                request)),
                this::initiated);
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        return exchange(
                null,
                setup,
                authorized(
                        setup,
                        token -> http.json(
                                gateway(),
                                HttpMethod.GET,
                                http.uri(gateway(), "/payment/" + externalId),
                                h -> h.setBearerAuth(token),
                                null)),
                this::state);
    }

    /** The call with a cached token; on 401 once more with a new one. */
    private Mono<Reply> authorized(GatewaySetup setup, java.util.function.Function<String, Mono<Reply>> call) {
        String key = setup.merchantId() + "\u0000" + setup.setting("sg_api_username");
        return tokens.get(key, () -> fetchToken(setup)).flatMap(call).flatMap(reply -> {
            if (reply.status() != 401) {
                return Mono.just(reply);
            }
            tokens.invalidate(key);
            return tokens.get(key, () -> fetchToken(setup)).flatMap(call);
        });
    }

    private Mono<TokenCache.Token> fetchToken(GatewaySetup setup) {
        return http.form(
                        gateway(),
                        http.uri(gateway(), "/oauth/token"),
                        h -> {},
                        Map.of(
                                "grant_type",
                                "client_credentials",
                                "client_id",
                                setup.setting("sg_api_username"),
                                "client_secret",
                                setup.secret("sg_api_password")))
                .flatMap(reply -> {
                    if (!reply.ok()) {
                        return Mono.error(
                                new IllegalStateException("SG Maroc token refused with HTTP " + reply.status()));
                    }
                    JsonNode answer = body(reply);
                    return Mono.just(tokens.token(
                            required(answer, "access_token"),
                            answer.path("expires_in").asLong(300)));
                });
    }

    private ProviderAnswer initiated(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/error", "/message");
        }
        JsonNode answer = body(reply);
        if (!answer.path("success").isBoolean()) {
            throw new IllegalArgumentException("no success flag");
        }
        if (!answer.path("success").asBoolean()) {
            return ProviderAnswer.failed(
                    null, "SG Maroc: " + answer.path("error").asString("refused"), null, null);
        }
        return new ProviderAnswer(
                Outcome.PENDING,
                required(answer, "transactionId"),
                answer.path("paymentUrl").asString(null),
                null,
                null,
                0,
                null,
                null,
                null);
    }

    private ProviderAnswer state(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/error", "/message");
        }
        JsonNode answer = body(reply);
        String currency = required(answer, "currency");
        Outcome outcome = switch (required(answer, "status").toUpperCase(Locale.ROOT)) {
            case "SUCCESS" -> Outcome.SUCCEEDED;
            case "PENDING", "INITIATED" -> Outcome.PENDING;
            case "FAILED", "CANCELLED", "EXPIRED" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown status");
        };
        return new ProviderAnswer(
                outcome,
                required(answer, "transactionId"),
                null,
                minorOf(required(answer, "amount"), currency),
                currency,
                0,
                outcome == Outcome.FAILED
                        ? "SG Maroc status " + answer.path("status").asString()
                        : null,
                null,
                null);
    }
}
