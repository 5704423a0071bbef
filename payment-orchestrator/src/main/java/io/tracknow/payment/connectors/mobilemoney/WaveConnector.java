package io.tracknow.payment.connectors.mobilemoney;

import io.tracknow.payment.connectors.ConnectorSupport;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.connectors.ProviderAnswer.Outcome;
import io.tracknow.payment.connectors.ProviderHttp;
import io.tracknow.payment.connectors.ProviderHttp.Reply;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wave Business API (docs.wave.com), {@code Authorization: Bearer <wave_api_key>}, amounts as decimal
 * strings in major units, our payment id as {@code client_reference} and {@code Idempotency-Key}.
 * Collection: {@code POST /v1/checkout/sessions} answers {@code {id, checkout_status, payment_status,
 * wave_launch_url}}; {@code GET /v1/checkout/sessions/{id}}: {@code payment_status} succeeded, processing,
 * cancelled, {@code checkout_status} complete, open, expired. Payout: {@code POST /v1/payout}
 * ({@code receive_amount, mobile, name}) answers {@code {id, status}} with status processing, succeeded
 * or failed; {@code GET /v1/payout/{id}} the same.
 */
@Component
public class WaveConnector extends ConnectorSupport {

    public WaveConnector(ProviderHttp http, JsonMapper json) {
        super(http, json);
    }

    @Override
    public Gateway gateway() {
        return Gateway.WAVE;
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", order.major());
        body.put("currency", order.currency());
        body.put("client_reference", order.paymentId());
        body.put("success_url", order.callbackUrl());
        body.put("error_url", order.callbackUrl());
        String aggregated = setup.setting("wave_aggregated_merchant_id");
        if (!aggregated.isEmpty()) {
            body.put("aggregated_merchant_id", aggregated);
        }
        String request = write(body);
        return exchange(
                request,
                setup,
                http.json(
                        gateway(),
                        HttpMethod.POST,
                        http.uri(gateway(), "/v1/checkout/sessions"),
                        h -> headers(h, setup, order),
                        request),
                this::session);
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        return exchange(
                null,
                setup,
                http.json(
                        gateway(),
                        HttpMethod.GET,
                        http.uri(gateway(), "/v1/checkout/sessions/" + externalId),
                        h -> h.setBearerAuth(setup.secret("wave_api_key")),
                        null),
                this::session);
    }

    @Override
    public Mono<ProviderAnswer> payout(PaymentOrder order, GatewaySetup platform) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currency", order.currency());
        body.put("receive_amount", order.major());
        body.put("mobile", order.party());
        body.put("name", order.partyName());
        body.put("client_reference", order.paymentId());
        String request = write(body);
        return exchange(
                request,
                platform,
                http.json(
                        gateway(),
                        HttpMethod.POST,
                        http.uri(gateway(), "/v1/payout"),
                        h -> headers(h, platform, order),
                        request),
                this::payoutState);
    }

    @Override
    public Mono<ProviderAnswer> payoutStatus(PaymentOrder order, String externalId, GatewaySetup platform) {
        return exchange(
                null,
                platform,
                http.json(
                        gateway(),
                        HttpMethod.GET,
                        http.uri(gateway(), "/v1/payout/" + externalId),
                        h -> h.setBearerAuth(platform.secret("wave_api_key")),
                        null),
                this::payoutState);
    }

    private static void headers(HttpHeaders h, GatewaySetup credentials, PaymentOrder order) {
        h.setBearerAuth(credentials.secret("wave_api_key"));
        h.set("Idempotency-Key", order.paymentId());
    }

    private ProviderAnswer session(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/message", "/code");
        }
        JsonNode answer = body(reply);
        String currency = required(answer, "currency");
        String payment = required(answer, "payment_status");
        String checkout = answer.path("checkout_status").asString("");
        Outcome outcome = switch (payment) {
            case "succeeded" -> Outcome.SUCCEEDED;
            case "processing" -> "expired".equals(checkout) ? Outcome.FAILED : Outcome.PENDING;
            case "cancelled" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown payment_status");
        };
        return new ProviderAnswer(
                outcome,
                required(answer, "id"),
                answer.path("wave_launch_url").asString(null),
                minorOf(required(answer, "amount"), currency),
                currency,
                0,
                outcome == Outcome.FAILED ? "Wave checkout " + checkout + "/" + payment : null,
                null,
                null);
    }

    private ProviderAnswer payoutState(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/message", "/code");
        }
        JsonNode answer = body(reply);
        String currency = required(answer, "currency");
        Outcome outcome = switch (required(answer, "status")) {
            case "succeeded" -> Outcome.SUCCEEDED;
            case "processing" -> Outcome.PENDING;
            case "failed", "reversed" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown status");
        };
        long fee = answer.has("fee") ? minorOf(answer.path("fee").asString(), currency) : 0;
        return new ProviderAnswer(
                outcome,
                required(answer, "id"),
                null,
                minorOf(required(answer, "receive_amount"), currency),
                currency,
                fee,
                outcome == Outcome.FAILED
                        ? "Wave payout " + answer.path("status").asString()
                                + (answer.has("payout_error")
                                        ? ": "
                                                + answer.path("payout_error")
                                                        .path("error_code")
                                                        .asString("")
                                        : "")
                        : null,
                null,
                null);
    }
}
