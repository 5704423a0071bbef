package io.tracknow.payment.collect.payments;

import io.tracknow.payment.collect.keys.ApiClient;
import io.tracknow.payment.collect.keys.Mode;
import reactor.core.publisher.Mono;

/**
 * Who collects the money of a payment: the sandbox for sandbox keys, a provider connector (chosen by the
 * payment method and the client's configuration) for live keys. One bean per {@link Mode}.
 */
public interface Collector {

    Mode mode();

    /**
     * Refuses a payment this collector cannot take before anything is stored (a live payment method the client
     * has no provider configured for: 501; a request the provider cannot take: 400), else names the provider
     * stored with the payment.
     *
     * @return an error {@link io.tracknow.web.ApiProblem} when it cannot
     */
    Mono<String> provider(ApiClient client, InitiateRequest request);

    /** Where the payer goes to pay ({@code payment_url}), unless {@link Started#paymentUrl()} says otherwise. */
    String paymentUrl(String externalPaymentId, String paymentMethod);

    /**
     * Starts collecting a payment just stored as pending, inside the transaction that stored it: the sandbox
     * settles magic amounts here through {@code transitions}; a live connector asks its provider.
     */
    Mono<Started> started(CollectPayment payment, InitiateRequest request, Transitions transitions);

    /**
     * What initiate answers once the payment is started.
     *
     * @param status     pending, or processing when a provider accepted the payment (seed 004 allows only these
     *                   two in the initiate answer; a payment that already ended is reported by status and callback)
     * @param paymentUrl the provider's own page for the payer, or null to keep {@link #paymentUrl}
     */
    record Started(PaymentStatus status, String paymentUrl) {

        public static Started pending() {
            return new Started(PaymentStatus.PENDING, null);
        }
    }
}
