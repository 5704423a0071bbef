package io.tracknow.payment.collect.payments;

import io.tracknow.payment.collect.keys.Mode;
import reactor.core.publisher.Mono;

/**
 * Who collects the money of a payment: the sandbox for sandbox keys, a provider connector (chosen by the
 * payment method and the client's configuration) for live keys. One bean per {@link Mode}.
 */
public interface Collector {

    Mode mode();

    /**
     * Refuses a payment this collector cannot take before anything is stored (a live payment method with no
     * connector configured: 501).
     *
     * @throws io.tracknow.web.ApiProblem when it cannot
     */
    void checkCanCollect(String paymentMethod, String currency);

    /** The provider name stored with the payment. */
    String provider(String paymentMethod);

    /** Where the payer goes to pay ({@code payment_url}). */
    String paymentUrl(String externalPaymentId, String paymentMethod);

    /**
     * Starts collecting a payment just stored as pending, inside the transaction that stored it: the sandbox
     * settles magic amounts here through {@code transitions}; a connector would ask its provider.
     */
    Mono<Void> started(CollectPayment payment, InitiateRequest request, Transitions transitions);
}
