package io.tracknow.payment.connectors;

import io.tracknow.money.Money;
import io.tracknow.payment.connectors.ProviderHttp.Reply;
import io.tracknow.payment.setup.GatewaySetup;
import java.math.BigDecimal;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every HTTP connector shares: turning a call into a {@link ProviderAnswer} with masked payloads. */
public abstract class ConnectorSupport implements Connector {

    protected final ProviderHttp http;
    protected final JsonMapper json;

    protected ConnectorSupport(ProviderHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    /**
     * Runs {@code call} and reads its reply with {@code read}; an answer {@code read} cannot make sense of
     * (not JSON, a field missing) is UNKNOWN, like a provider that never answered; payloads are masked
     * with the credentials' secret values.
     */
    protected Mono<ProviderAnswer> exchange(
            String request, GatewaySetup credentials, Mono<Reply> call, Function<Reply, ProviderAnswer> read) {
        java.util.Collection<String> secrets = credentials == null
                ? java.util.List.of()
                : credentials.secrets().values();
        String maskedRequest = Masking.mask(request, secrets);
        return call.map(reply -> {
                    String response = Masking.mask(reply.status() + " " + reply.body(), secrets);
                    try {
                        return read.apply(reply).withPayloads(maskedRequest, response);
                    } catch (RuntimeException unreadable) {
                        return ProviderAnswer.unknown(
                                "unreadable answer from " + gateway().id() + ": "
                                        + unreadable.getClass().getSimpleName(),
                                maskedRequest,
                                response);
                    }
                })
                .onErrorResume(e -> Mono.just(ProviderAnswer.unknown(
                        ProviderHttp.describe(e), maskedRequest, Masking.mask(ProviderHttp.lastBody(e), secrets))));
    }

    /** The JSON body of a reply; throws (an unreadable answer) when it is not a JSON object. */
    protected JsonNode body(Reply reply) {
        JsonNode node = json.readTree(reply.body());
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    /** A field that must be there; throws (an unreadable answer) when it is missing or empty. */
    protected static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.asString().isBlank()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asString();
    }

    /** A 4xx: refused for good, with the provider's own message where it gave one. */
    protected ProviderAnswer refused(Reply reply, String... messageFields) {
        String message = "";
        try {
            JsonNode node = json.readTree(reply.body());
            for (String field : messageFields) {
                JsonNode value = node.at(field);
                if (value.isValueNode() && !value.asString().isBlank()) {
                    message = ": " + value.asString();
                    break;
                }
            }
        } catch (RuntimeException notJson) {
            // the status alone says enough
        }
        return ProviderAnswer.failed(
                null, gateway().id() + " refused with HTTP " + reply.status() + message, null, null);
    }

    /** A decimal amount in major units ("150.00") as minor units of {@code currency}. */
    protected static long minorOf(String major, String currency) {
        return Money.parse(new BigDecimal(major).toPlainString(), currency).minor();
    }

    protected String write(Object body) {
        return json.writeValueAsString(body);
    }
}
