package io.tracknow.payment.confirm;

import io.tracknow.events.payments.PaymentKind;
import io.tracknow.money.Money;
import io.tracknow.payment.connectors.Connector;
import io.tracknow.payment.connectors.Connectors;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.payouts.PayoutSender;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.SetupStore;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks the provider itself what became of a payment (seed 002's rule: a payment is never booked on a
 * callback's word alone), with the merchant's credentials for a debit and the platform's for a payout.
 * Empty when the payment has no provider to ask (a manual invoice, a bank transfer).
 */
@Component
public class Confirmations {

    private final Connectors connectors;
    private final SetupStore setups;
    private final PayoutSender payouts;

    public Confirmations(Connectors connectors, SetupStore setups, PayoutSender payouts) {
        this.connectors = connectors;
        this.setups = setups;
        this.payouts = payouts;
    }

    public Mono<ProviderAnswer> ask(Transaction payment) {
        Gateway gateway = Gateway.byId(payment.gateway()).orElse(null);
        Connector connector = gateway == null ? null : connectors.of(gateway).orElse(null);
        if (connector == null || payment.externalId() == null) {
            return Mono.empty();
        }
        PaymentOrder order = new PaymentOrder(
                payment.id().toString(),
                Money.of(payment.amountMinor(), payment.currency()),
                "status",
                null,
                null,
                List.of(),
                null);
        if (payment.kind() == PaymentKind.INFLUENCER_PAYOUT) {
            return Mono.justOrEmpty(payouts.platformCredentials(gateway))
                    .flatMap(credentials -> connector.payoutStatus(order, payment.externalId(), credentials));
        }
        return setups.find(payment.merchantId())
                .filter(setup -> setup.gateway() == gateway)
                .flatMap(setup -> connector.status(order, payment.externalId(), setup));
    }
}
