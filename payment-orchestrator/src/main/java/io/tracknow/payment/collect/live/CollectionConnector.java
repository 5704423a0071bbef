package io.tracknow.payment.collect.live;

import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.connectors.ProviderAnswer;
import reactor.core.publisher.Mono;

/**
 * The seam through which a live payment reaches a real provider: Orange Money, MTN MoMo, Moov Money or Wave
 * for mobile_money, a card gateway (CMI, PayZen, Société Générale Maroc) for credit_card, as the client's
 * configuration ({@link ClientProvider}) names it. {@link ConnectorCollection} puts the provider connectors
 * of money out ({@code io.tracknow.payment.connectors}) behind it, so one connector per provider serves both.
 * Answers are values: a decline is FAILED, a timeout or a 5xx after the retries UNKNOWN, never an error.
 */
public interface CollectionConnector {

    /** The gateway's name, stored as the payment's provider: "mtn_momo", "orange_money", "cmi"... */
    String provider();

    /** Asks the provider to collect the payment (its id is ours, the order id or reference the provider keeps). */
    Mono<ProviderAnswer> start(CollectPayment payment);

    /**
     * The provider's own view of the payment, asked before a callback is believed.
     *
     * @param reference the provider's reference of the payment (ours where the provider keys on ours)
     */
    Mono<ProviderAnswer> status(CollectPayment payment, String reference);
}
