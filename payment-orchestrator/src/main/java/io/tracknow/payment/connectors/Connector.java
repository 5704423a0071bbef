package io.tracknow.payment.connectors;

import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import reactor.core.publisher.Mono;

/**
 * One payment provider behind one interface. Each call answers a {@link ProviderAnswer} and never
 * errors for a provider's fault: timeouts and 5xx are retried with backoff, then give
 * {@link ProviderAnswer.Outcome#UNKNOWN}; 4xx and declines give {@code FAILED}.
 */
public interface Connector {

    Gateway gateway();

    /** Collects {@code order} from the merchant whose set-up this is (a merchant debit). */
    Mono<ProviderAnswer> collect(PaymentOrder order, GatewaySetup setup);

    /**
     * The provider's own view of a payment, asked server-side before a callback is believed (seed 002's
     * rule) and by the janitor for payments left open.
     *
     * @param externalId the provider's id of the payment (ours where the provider keys on ours)
     */
    Mono<ProviderAnswer> status(PaymentOrder order, String externalId, GatewaySetup credentials);

    /**
     * Sends {@code order} to a wallet (an influencer payout), with the platform's own credentials for the
     * provider. Providers without a disbursement API answer {@code FAILED}.
     */
    default Mono<ProviderAnswer> payout(PaymentOrder order, GatewaySetup platformCredentials) {
        return Mono.just(ProviderAnswer.failed(null, gateway().id() + " has no payout API", null, null));
    }

    /** The provider's view of a payout made with {@link #payout}. */
    default Mono<ProviderAnswer> payoutStatus(PaymentOrder order, String externalId, GatewaySetup platformCredentials) {
        return status(order, externalId, platformCredentials);
    }
}
