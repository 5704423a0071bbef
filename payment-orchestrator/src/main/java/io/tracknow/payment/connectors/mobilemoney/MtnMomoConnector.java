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
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MTN MoMo Open API (momodeveloper.mtn.com). Collection: {@code POST /collection/v1_0/requesttopay} asks
 * the payer's wallet ({@code payer.partyIdType MSISDN}) to approve; disbursement:
 * {@code POST /disbursement/v1_0/transfer} to the payee's wallet. Both answer 202 with no body; the
 * transaction is keyed by our {@code X-Reference-Id} (a UUID derived from our payment id, so a retry names
 * the same transaction: MoMo answers 409 for a reference it already has), and its state is
 * {@code GET .../requesttopay/{referenceId}} or {@code .../transfer/{referenceId}}:
 * {@code status} PENDING, SUCCESSFUL or FAILED with {@code amount}, {@code currency}, {@code reason}.
 * Every call carries {@code Ocp-Apim-Subscription-Key} and {@code X-Target-Environment}, and a Bearer
 * token from {@code POST /{product}/token/} (Basic api user : api key), cached until it expires.
 */
@Component
public class MtnMomoConnector extends ConnectorSupport {

    private final TokenCache tokens;

    public MtnMomoConnector(ProviderHttp http, JsonMapper json, Clock clock) {
        super(http, json);
        this.tokens = new TokenCache(clock);
    }

    @Override
    public Gateway gateway() {
        return Gateway.MTN_MOMO;
    }

    /** MoMo's transaction key for our payment: the payment id itself when it is a UUID. */
    static String referenceOf(String paymentId) {
        try {
            return UUID.fromString(paymentId).toString();
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(paymentId.getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        return initiate(
                "collection",
                "/collection/v1_0/requesttopay",
                "payer",
                setup.setting("momo_payer_msisdn"),
                order,
                setup);
    }

    @Override
    public Mono<ProviderAnswer> payout(PaymentOrder order, GatewaySetup platform) {
        return initiate("disbursement", "/disbursement/v1_0/transfer", "payee", order.party(), order, platform);
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        return state("collection", "/collection/v1_0/requesttopay/" + externalId, setup);
    }

    @Override
    public Mono<ProviderAnswer> payoutStatus(PaymentOrder order, String externalId, GatewaySetup platform) {
        return state("disbursement", "/disbursement/v1_0/transfer/" + externalId, platform);
    }

    private Mono<ProviderAnswer> initiate(
            String product, String path, String party, String msisdn, PaymentOrder order, GatewaySetup credentials) {
        String reference = referenceOf(order.paymentId());
        String request = write(Map.of(
                "amount",
                order.major(),
                "currency",
                order.currency(),
                "externalId",
                order.paymentId(),
                party,
                Map.of("partyIdType", "MSISDN", "partyId", msisdn.startsWith("+") ? msisdn.substring(1) : msisdn),
                "payerMessage",
                order.description(),
                "payeeNote",
                order.description()));
        return exchange(
                request,
                credentials,
                authorized(
                        product,
                        credentials,
                        token -> http.json(
                                gateway(),
                                HttpMethod.POST,
                                http.uri(gateway(), path),
                                h -> {
                                    common(h, credentials, token);
                                    h.set("X-Reference-Id", reference);
                                    if (order.callbackUrl() != null) {
                                        h.set("X-Callback-Url", order.callbackUrl());
                                    }
                                },
                                request)),
                reply -> {
                    if (reply.status() == 202 || reply.status() == 409) {
                        return new ProviderAnswer(Outcome.PENDING, reference, null, null, null, 0, null, null, null);
                    }
                    return reply.ok()
                            ? ProviderAnswer.unknown(
                                    "unreadable answer: MoMo answered " + reply.status() + " instead of 202",
                                    null,
                                    null)
                            : refused(reply, "/message", "/code");
                });
    }

    private Mono<ProviderAnswer> state(String product, String path, GatewaySetup credentials) {
        return exchange(
                null,
                credentials,
                authorized(
                        product,
                        credentials,
                        token -> http.json(
                                gateway(),
                                HttpMethod.GET,
                                http.uri(gateway(), path),
                                h -> common(h, credentials, token),
                                null)),
                this::read);
    }

    private ProviderAnswer read(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/message", "/code");
        }
        JsonNode answer = body(reply);
        String currency = required(answer, "currency");
        Outcome outcome = switch (required(answer, "status")) {
            case "SUCCESSFUL" -> Outcome.SUCCEEDED;
            case "PENDING" -> Outcome.PENDING;
            case "FAILED", "REJECTED", "TIMEOUT" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown status");
        };
        JsonNode reason = answer.path("reason");
        return new ProviderAnswer(
                outcome,
                answer.path("financialTransactionId").asString(null),
                null,
                minorOf(required(answer, "amount"), currency),
                currency,
                0,
                outcome == Outcome.FAILED
                        ? "MoMo " + (reason.isObject() ? reason.path("code").asString("") : reason.asString("FAILED"))
                        : null,
                null,
                null);
    }

    private void common(HttpHeaders h, GatewaySetup credentials, String token) {
        h.setBearerAuth(token);
        h.set("Ocp-Apim-Subscription-Key", credentials.secret("momo_subscription_key"));
        h.set("X-Target-Environment", credentials.setting("momo_target_environment"));
    }

    private Mono<Reply> authorized(String product, GatewaySetup credentials, Function<String, Mono<Reply>> call) {
        String key = product + "\u0000" + credentials.merchantId() + "\u0000" + credentials.setting("momo_api_user");
        return tokens.get(
                        key,
                        () -> http.json(
                                        gateway(),
                                        HttpMethod.POST,
                                        http.uri(gateway(), "/" + product + "/token/"),
                                        h -> {
                                            String pair = credentials.setting("momo_api_user") + ":"
                                                    + credentials.secret("momo_api_key");
                                            h.set(
                                                    HttpHeaders.AUTHORIZATION,
                                                    "Basic "
                                                            + Base64.getEncoder()
                                                                    .encodeToString(
                                                                            pair.getBytes(StandardCharsets.UTF_8)));
                                            h.set(
                                                    "Ocp-Apim-Subscription-Key",
                                                    credentials.secret("momo_subscription_key"));
                                        },
                                        "")
                                .flatMap(reply -> {
                                    if (!reply.ok()) {
                                        return Mono.error(new IllegalStateException(
                                                "MoMo token refused with HTTP " + reply.status()));
                                    }
                                    JsonNode answer = body(reply);
                                    return Mono.just(tokens.token(
                                            required(answer, "access_token"),
                                            answer.path("expires_in").asLong(3600)));
                                }))
                .flatMap(call)
                .flatMap(reply -> {
                    if (reply.status() != 401) {
                        return Mono.just(reply);
                    }
                    tokens.invalidate(key);
                    return Mono.error(new IllegalStateException("MoMo refused the cached token"));
                });
    }
}
