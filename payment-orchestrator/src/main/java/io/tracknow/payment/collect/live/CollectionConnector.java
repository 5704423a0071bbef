package io.tracknow.payment.collect.live;

import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.InitiateRequest;
import io.tracknow.payment.collect.payments.Transitions;
import reactor.core.publisher.Mono;

/**
 * The seam through which a live payment reaches a real provider (Orange Money, MTN MoMo, Moov Money, Wave for
 * mobile_money; a card gateway for credit_card). A provider connector is a bean implementing this; the first
 * one that takes the payment method and currency collects the payment. It reports what the provider says
 * later (callback, status poll) through {@link Transitions#change}.
 */
public interface CollectionConnector {

    /** "mobile_money" or "credit_card". */
    String paymentMethod();

    /** The provider's name as the API shows it, e.g. "orange-money". */
    String provider();

    boolean accepts(String currency);

    /** Where the payer pays: the provider's page, or a page of this service that shows the provider's instructions. */
    String paymentUrl(String externalPaymentId);

    /** Asks the provider to collect the payment just stored as pending (runs in the transaction that stored it). */
    Mono<Void> start(CollectPayment payment, InitiateRequest request, Transitions transitions);
}
