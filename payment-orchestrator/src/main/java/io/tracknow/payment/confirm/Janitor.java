package io.tracknow.payment.confirm;

import io.tracknow.events.payments.PaymentKind;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.debits.DebitSender;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Outcomes;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.payouts.PayoutSender;
import io.tracknow.payment.setup.Gateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A lost callback never leaves money in limbo: payments pending or processing for longer than
 * {@code tracknow.payment.janitor.stale-after} are taken up again. A pending one (recorded, never sent:
 * a crash between recording and sending) is sent; a processing one is asked about with the provider's
 * status API and settled by its answer. Manual invoices and bank transfers wait for the operator.
 * Every replica sweeps; the journal's claims and guarded transitions make a double sweep harmless.
 */
@Component
public class Janitor {

    private static final Logger log = LoggerFactory.getLogger(Janitor.class);

    private final Journal journal;
    private final Confirmations confirmations;
    private final Outcomes outcomes;
    private final DebitSender debits;
    private final PayoutSender payouts;
    private final Clock clock;
    private final PaymentProperties.Janitor config;

    public Janitor(
            Journal journal,
            Confirmations confirmations,
            Outcomes outcomes,
            DebitSender debits,
            PayoutSender payouts,
            Clock clock,
            PaymentProperties properties) {
        this.journal = journal;
        this.confirmations = confirmations;
        this.outcomes = outcomes;
        this.debits = debits;
        this.payouts = payouts;
        this.clock = clock;
        this.config = properties.janitor();
    }

    @Scheduled(
            fixedDelayString = "${tracknow.payment.janitor.interval:1m}",
            initialDelayString = "${tracknow.payment.janitor.interval:1m}")
    void tick() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("the payment janitor failed, the next sweep catches up: {}", e.toString());
        }
    }

    /** Takes up every payment left open since before {@code now - staleAfter}; returns how many it looked at. */
    public int sweep(Instant now) {
        List<Transaction> stale = journal.openSince(now.minus(config.staleAfter()), 200)
                .collectList()
                .block(Duration.ofSeconds(30));
        if (stale == null) {
            return 0;
        }
        for (Transaction payment : stale) {
            if (Gateway.MANUAL.id().equals(payment.gateway()) || "bank_transfer".equals(payment.gateway())) {
                continue;
            }
            Mono<Transaction> work = payment.status() == TransactionStatus.PENDING
                    ? (payment.kind() == PaymentKind.MERCHANT_DEBIT ? debits.send(payment) : payouts.send(payment))
                    : confirmations.ask(payment).flatMap(answer -> outcomes.record(payment, answer, "janitor"));
            work.block(Duration.ofMinutes(2));
        }
        return stale.size();
    }
}
