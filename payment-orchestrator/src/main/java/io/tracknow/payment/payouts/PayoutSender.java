package io.tracknow.payment.payouts;

import io.tracknow.money.Money;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.connectors.Connectors;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.connectors.ProviderAnswer;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Outcomes;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends one recorded payout through the provider of the influencer's wallet, with the platform's own
 * credentials for that provider ({@code tracknow.payment.payouts.credentials.<provider>}): claims it
 * first (pending → processing), then books the provider's answer. A bank transfer is not sent: it
 * stays pending until an operator marks it paid.
 */
@Component
public class PayoutSender {

    private final Journal journal;
    private final Outcomes outcomes;
    private final Connectors connectors;
    private final PayoutAccounts accounts;
    private final PaymentProperties properties;

    public PayoutSender(
            Journal journal,
            Outcomes outcomes,
            Connectors connectors,
            PayoutAccounts accounts,
            PaymentProperties properties) {
        this.journal = journal;
        this.outcomes = outcomes;
        this.connectors = connectors;
        this.accounts = accounts;
        this.properties = properties;
    }

    public Mono<Transaction> send(Transaction payout) {
        if ("bank_transfer".equals(payout.gateway())) {
            return Mono.just(payout);
        }
        return journal.move(payout.id(), TransactionStatus.PROCESSING, Journal.Details.NONE, "payout-run")
                .flatMap(claimed -> accounts.find(claimed.influencerId(), claimed.currency())
                        .flatMap(account -> {
                            Optional<Gateway> gateway = Gateway.byId(claimed.gateway());
                            Optional<GatewaySetup> credentials = gateway.flatMap(this::platformCredentials);
                            if (gateway.isEmpty()
                                    || credentials.isEmpty()
                                    || connectors.of(gateway.get()).isEmpty()) {
                                return Mono.just(ProviderAnswer.failed(
                                        null,
                                        "no platform credentials for " + claimed.gateway() + " payouts",
                                        null,
                                        null));
                            }
                            PaymentOrder order = new PaymentOrder(
                                    claimed.id().toString(),
                                    Money.of(claimed.amountMinor(), claimed.currency()),
                                    "tracknow payout " + claimed.period(),
                                    account.msisdn(),
                                    account.holderName(),
                                    List.of(),
                                    properties.callbackBaseUrl() + "/" + claimed.gateway() + "/platform");
                            return connectors.of(gateway.get()).orElseThrow().payout(order, credentials.get());
                        })
                        .switchIfEmpty(Mono.fromSupplier(() ->
                                ProviderAnswer.failed(null, "the influencer's payout account is gone", null, null)))
                        .flatMap(answer -> outcomes.record(claimed, answer, "payout-run")));
    }

    /** The platform's own wallet credentials for payouts through {@code gateway}, when configured. */
    public Optional<GatewaySetup> platformCredentials(Gateway gateway) {
        Map<String, String> configured = properties.payouts().credentials().get(gateway.id());
        if (configured == null || configured.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> settings = new HashMap<>();
        Map<String, String> secrets = new HashMap<>();
        configured.forEach((name, value) -> (gateway.secrets().contains(name) ? secrets : settings).put(name, value));
        return Optional.of(new GatewaySetup(
                "platform", gateway, "", settings, secrets, true, Instant.EPOCH, Instant.EPOCH, "configuration"));
    }
}
