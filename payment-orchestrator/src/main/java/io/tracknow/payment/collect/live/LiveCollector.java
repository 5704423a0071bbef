package io.tracknow.payment.collect.live;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.payment.collect.keys.ApiClient;
import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.Collector;
import io.tracknow.payment.collect.payments.InitiateRequest;
import io.tracknow.payment.collect.payments.PaymentStatus;
import io.tracknow.payment.collect.payments.Transitions;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.connectors.Connectors;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.web.ApiProblem;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Live keys: the payment goes to the provider the client configured for its payment method
 * ({@link ClientProvider}), through that provider's connector ({@link CollectionConnector}). The provider's
 * answer decides: accepted but not completed is {@code processing}, refused is {@code failed} with the
 * provider's reason, no answer (timeouts, 5xx after the retries) leaves the payment {@code pending} until the
 * provider calls back. Later changes come only from the provider: a callback on payment-callbacks.v1, believed
 * once the provider's status API confirms it ({@link ProviderCallbacks}). A client with no provider for the
 * method (or one that does not take the currency) gets 501 {@code provider-not-configured}, nothing stored.
 */
@Component
class LiveCollector implements Collector {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private final ClientProviders providers;
    private final Connectors connectors;
    private final CollectProperties properties;
    private final PaymentProperties paymentProperties;

    LiveCollector(
            ClientProviders providers,
            Connectors connectors,
            CollectProperties properties,
            PaymentProperties paymentProperties) {
        this.providers = providers;
        this.connectors = connectors;
        this.properties = properties;
        this.paymentProperties = paymentProperties;
    }

    @Override
    public Mode mode() {
        return Mode.LIVE;
    }

    @Override
    public Mono<String> provider(ApiClient client, InitiateRequest request) {
        String currency = request.amount().currency().getCurrencyCode();
        return connector(client.clientId(), request.paymentMethod(), currency).map(connector -> {
            JsonNode phone = request.metadata().path("phone_number");
            if (connector.config().needsPayerNumber()
                    && !(phone.isString()
                            && E164.matcher(phone.asString().trim()).matches())) {
                throw new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Invalid request",
                        "metadata.phone_number (the payer's wallet, E.164 such as +237670000000) is required for "
                                + request.paymentMethod() + " through " + connector.provider());
            }
            return connector.provider();
        });
    }

    /** A page of this service for the payer (the provider's own page replaces it when there is one). */
    @Override
    public String paymentUrl(String externalPaymentId, String paymentMethod) {
        return properties.paymentPage(externalPaymentId) + "/wallet";
    }

    @Override
    public Mono<Started> started(CollectPayment payment, InitiateRequest request, Transitions transitions) {
        return connector(payment.clientId(), payment.paymentMethod(), payment.currency())
                .flatMap(connector -> connector
                        .start(payment)
                        .flatMap(answer -> record(payment, answer, connector.provider(), transitions)
                                .map(after -> new Started(
                                        after.status() == PaymentStatus.PROCESSING
                                                ? PaymentStatus.PROCESSING
                                                : PaymentStatus.PENDING,
                                        answer.redirectUrl()))));
    }

    /** Asks the provider what became of a live payment and records what it says (a provider's callback came). */
    Mono<CollectPayment> confirm(CollectPayment payment, String reference, Transitions transitions) {
        return connector(payment.clientId(), payment.paymentMethod(), payment.currency())
                .flatMap(connector -> connector
                        .status(payment, reference)
                        .flatMap(answer -> record(payment, answer, connector.provider(), transitions)));
    }

    private Mono<CollectPayment> record(
            CollectPayment payment, ProviderAnswer answer, String provider, Transitions transitions) {
        return ProviderOutcomes.change(payment, answer, provider)
                .map(change -> transitions.change(payment.externalPaymentId(), change))
                .orElseGet(() -> Mono.just(payment));
    }

    private Mono<ConnectorCollection> connector(String clientId, String paymentMethod, String currency) {
        return providers
                .find(clientId, paymentMethod)
                .switchIfEmpty(Mono.error(() ->
                        notConfigured("client " + clientId + " has no live provider configured for " + paymentMethod)))
                .map(config -> {
                    if (!config.gateway().takes(currency)) {
                        throw notConfigured("the " + paymentMethod + " provider of client " + clientId + ", "
                                + config.gateway().id() + ", does not take " + currency + "; it takes "
                                + config.gateway().currencies());
                    }
                    return connectors
                            .of(config.gateway())
                            .map(connector ->
                                    new ConnectorCollection(connector, config, paymentProperties.callbackBaseUrl()))
                            .orElseThrow(() -> notConfigured(
                                    "no connector for " + config.gateway().id()));
                });
    }

    private static ApiProblem notConfigured(String why) {
        return new ApiProblem(
                HttpStatus.NOT_IMPLEMENTED,
                "provider-not-configured",
                "No provider configured",
                why + "; use a sandbox key, or ask the operator to connect a provider"
                        + " (PUT /api/payment-clients/{clientId}/providers/{payment_method})");
    }
}
