package io.tracknow.payment.debits;

import io.tracknow.money.Money;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.connectors.Connector;
import io.tracknow.payment.connectors.Connectors;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.connectors.payzen.PayZenConnector;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Outcomes;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import io.tracknow.payment.setup.SetupStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends one recorded debit to the merchant's gateway: claims it first (pending → processing, which only
 * one caller can do), then asks the connector to collect, then books the answer.
 */
@Component
public class DebitSender {

    private final Journal journal;
    private final Outcomes outcomes;
    private final SetupStore setups;
    private final Connectors connectors;
    private final DueDebits due;
    private final PaymentProperties properties;

    public DebitSender(
            Journal journal,
            Outcomes outcomes,
            SetupStore setups,
            Connectors connectors,
            DueDebits due,
            PaymentProperties properties) {
        this.journal = journal;
        this.outcomes = outcomes;
        this.setups = setups;
        this.connectors = connectors;
        this.due = due;
        this.properties = properties;
    }

    /** Sends the debit if it is still pending; empty when another caller claimed it first. */
    public Mono<Transaction> send(Transaction debit) {
        return journal.move(debit.id(), TransactionStatus.PROCESSING, Journal.Details.NONE, "debit-run")
                .flatMap(claimed -> setups.find(claimed.merchantId())
                        .flatMap(setup -> connector(setup)
                                .flatMap(connector ->
                                        order(claimed, setup).flatMap(order -> connector.collect(order, setup)))
                                .switchIfEmpty(Mono.fromSupplier(() -> ProviderAnswer.failed(
                                        null, setup.gateway().id() + " has no connector", null, null))))
                        .switchIfEmpty(Mono.fromSupplier(() -> ProviderAnswer.failed(
                                null,
                                "merchant " + claimed.merchantId() + " has no payment set-up any more",
                                null,
                                null)))
                        .flatMap(answer -> outcomes.record(claimed, answer, "debit-run")));
    }

    private Mono<Connector> connector(GatewaySetup setup) {
        return Mono.justOrEmpty(connectors.of(setup.gateway()));
    }

    /**
     * PayZen's marketplace splits of a debit: the platform's share and each influencer's, summing to the
     * debit. A negative share (a late reversal netted here, of an influencer without a commission in this
     * debit) is taken from the platform's split first, then from the influencers' in turn; empty splits are
     * left out.
     */
    static List<PaymentOrder.Split> splits(List<DueDebits.Share> shares, String platformAccount) {
        long platform = 0;
        long deficit = 0;
        Map<String, Long> influencers = new LinkedHashMap<>();
        for (DueDebits.Share share : shares) {
            platform += share.platformMinor();
            if (share.influencerMinor() >= 0) {
                influencers.merge(share.influencerId(), share.influencerMinor(), Long::sum);
            } else {
                deficit -= share.influencerMinor();
            }
        }
        if (platform < 0) {
            deficit -= platform;
            platform = 0;
        }
        long fromPlatform = Math.min(platform, deficit);
        platform -= fromPlatform;
        deficit -= fromPlatform;
        for (Map.Entry<String, Long> influencer : influencers.entrySet()) {
            long taken = Math.min(influencer.getValue(), deficit);
            influencer.setValue(influencer.getValue() - taken);
            deficit -= taken;
        }
        List<PaymentOrder.Split> result = new ArrayList<>();
        if (platform > 0) {
            result.add(new PaymentOrder.Split(platform, "Commission Plateforme", platformAccount));
        }
        influencers.forEach((influencer, minor) -> {
            if (minor > 0) {
                result.add(new PaymentOrder.Split(minor, "Commission Influenceur", influencer));
            }
        });
        return result;
    }

    private Mono<PaymentOrder> order(Transaction debit, GatewaySetup setup) {
        String callback = properties.callbackBaseUrl() + "/" + setup.gateway().id() + "/" + debit.merchantId();
        String description = "tracknow commissions " + debit.period();
        Mono<List<PaymentOrder.Split>> splits = setup.gateway() != Gateway.PAYZEN
                ? Mono.just(List.of())
                : due.shares(debit.id())
                        .collectList()
                        .map(shares -> splits(shares, PayZenConnector.platformAccount(setup)));
        return splits.map(list -> new PaymentOrder(
                debit.id().toString(),
                Money.of(debit.amountMinor(), debit.currency()),
                description,
                setup.setting("momo_payer_msisdn").isEmpty()
                        ? setup.setting("moov_payer_msisdn")
                        : setup.setting("momo_payer_msisdn"),
                null,
                list,
                callback));
    }
}
