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
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moov Money (Moov Africa). Moov publishes no open developer API comparable to MoMo's or Wave's: access
 * is per contract, country by country. This connector speaks the push-payment shape those contracts
 * share, behind {@code Authorization: Bearer <moov_api_key>}: {@code POST /v1/collections} and
 * {@code POST /v1/disbursements} with {@code merchant_id, msisdn, amount, currency, reference,
 * callback_url}, answered {@code {transaction_id, status}}; {@code GET /v1/transactions/{id}} gives
 * {@code status} PENDING, SUCCESS or FAILED with {@code amount} and {@code currency}. Adjust the paths
 * to the merchant's contract (docs/payment-orchestrator.md, "Connectors").
 */
@Component
public class MoovMoneyConnector extends ConnectorSupport {

    public MoovMoneyConnector(ProviderHttp http, JsonMapper json) {
        super(http, json);
    }

    @Override
    public Gateway gateway() {
        return Gateway.MOOV_MONEY;
    }

    @Override
    public Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup) {
        return push("/v1/collections", setup.setting("moov_payer_msisdn"), order, setup);
    }

    @Override
    public Mono<ProviderAnswer> payout(PaymentOrder order, GatewaySetup platform) {
        return push("/v1/disbursements", order.party(), order, platform);
    }

    @Override
    public Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup setup) {
        return exchange(
                null,
                setup,
                http.json(
                        gateway(),
                        HttpMethod.GET,
                        http.uri(gateway(), "/v1/transactions/" + externalId),
                        h -> h.setBearerAuth(setup.secret("moov_api_key")),
                        null),
                this::read);
    }

    private Mono<ProviderAnswer> push(String path, String msisdn, PaymentOrder order, GatewaySetup credentials) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchant_id", credentials.setting("moov_merchant_id"));
        body.put("msisdn", msisdn);
        body.put("amount", order.major());
        body.put("currency", order.currency());
        body.put("reference", order.paymentId());
        body.put("callback_url", order.callbackUrl());
        String request = write(body);
        return exchange(
                request,
                credentials,
                http.json(
                        gateway(),
                        HttpMethod.POST,
                        http.uri(gateway(), path),
                        h -> h.setBearerAuth(credentials.secret("moov_api_key")),
                        request),
                this::read);
    }

    private ProviderAnswer read(Reply reply) {
        if (!reply.ok()) {
            return refused(reply, "/message", "/error");
        }
        JsonNode answer = body(reply);
        Outcome outcome = switch (required(answer, "status")) {
            case "SUCCESS" -> Outcome.SUCCEEDED;
            case "PENDING" -> Outcome.PENDING;
            case "FAILED" -> Outcome.FAILED;
            default -> throw new IllegalArgumentException("unknown status");
        };
        String currency = answer.path("currency").asString(null);
        Long amount = currency == null || !answer.has("amount")
                ? null
                : minorOf(answer.path("amount").asString(), currency);
        return new ProviderAnswer(
                outcome,
                required(answer, "transaction_id"),
                null,
                amount,
                currency,
                0,
                outcome == Outcome.FAILED ? "Moov " + answer.path("message").asString("FAILED") : null,
                null,
                null);
    }
}
