package io.tracknow.payment.collect.live;

import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.Collector;
import io.tracknow.payment.collect.payments.InitiateRequest;
import io.tracknow.payment.collect.payments.Transitions;
import io.tracknow.web.ApiProblem;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Live keys: the payment goes to the provider connector for its payment method and currency. With no such
 * connector configured, initiate answers 501 {@code provider-not-configured} and stores nothing.
 */
@Component
class LiveCollector implements Collector {

    private final List<CollectionConnector> connectors;

    LiveCollector(List<CollectionConnector> connectors) {
        this.connectors = List.copyOf(connectors);
    }

    @Override
    public Mode mode() {
        return Mode.LIVE;
    }

    @Override
    public void checkCanCollect(String paymentMethod, String currency) {
        connector(paymentMethod, currency);
    }

    @Override
    public String provider(String paymentMethod) {
        return connectors.stream()
                .filter(c -> c.paymentMethod().equals(paymentMethod))
                .findFirst()
                .map(CollectionConnector::provider)
                .orElseThrow(() -> notConfigured(paymentMethod, null));
    }

    @Override
    public String paymentUrl(String externalPaymentId, String paymentMethod) {
        return connectors.stream()
                .filter(c -> c.paymentMethod().equals(paymentMethod))
                .findFirst()
                .orElseThrow(() -> notConfigured(paymentMethod, null))
                .paymentUrl(externalPaymentId);
    }

    @Override
    public Mono<Void> started(CollectPayment payment, InitiateRequest request, Transitions transitions) {
        return connector(payment.paymentMethod(), payment.currency()).start(payment, request, transitions);
    }

    private CollectionConnector connector(String paymentMethod, String currency) {
        return connectors.stream()
                .filter(c -> c.paymentMethod().equals(paymentMethod) && c.accepts(currency))
                .findFirst()
                .orElseThrow(() -> notConfigured(paymentMethod, currency));
    }

    private static ApiProblem notConfigured(String paymentMethod, String currency) {
        return new ApiProblem(
                HttpStatus.NOT_IMPLEMENTED,
                "provider-not-configured",
                "No provider configured",
                "no live provider is configured for " + paymentMethod + (currency == null ? "" : " in " + currency)
                        + "; use a sandbox key, or ask the operator to connect a provider");
    }
}
