package io.tracknow.payment.payouts;

import io.tracknow.events.payments.PaymentKind;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.NewTransaction;
import io.tracknow.payment.journal.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The weekly payout run (Fridays by default). Under a PostgreSQL advisory lock, so once across
 * replicas: commissions of failed payouts become available again; then each influencer with at least
 * the currency's minimum available gets one payout under the key {@code payout|influencer|week|currency}
 * naming the commissions it settles. An influencer without a payout account in that currency is
 * skipped and told (payments.v1 SKIPPED, once a week); one an operator holds is left alone. The payouts
 * are then sent (each claimed first, so none twice); a bank transfer waits for the operator.
 */
@Component
public class PayoutRun {

    /** pg advisory lock key of the payout run: "tracknow-payouts". */
    static final long LOCK = 0x7472_6b70_6179_6f75L;

    private static final Logger log = LoggerFactory.getLogger(PayoutRun.class);

    private final DatabaseClient db;
    private final DuePayouts due;
    private final PayoutAccounts accounts;
    private final Journal journal;
    private final PayoutSender sender;
    private final TransactionalOperator transaction;
    private final PaymentProperties.Payouts config;

    public PayoutRun(
            DatabaseClient db,
            DuePayouts due,
            PayoutAccounts accounts,
            Journal journal,
            PayoutSender sender,
            TransactionalOperator transaction,
            PaymentProperties properties) {
        this.db = db;
        this.due = due;
        this.accounts = accounts;
        this.journal = journal;
        this.sender = sender;
        this.transaction = transaction;
        this.config = properties.payouts();
    }

    /** The ISO week of {@code at} in the schedule's zone, e.g. "2026-W49". */
    public String week(Instant at) {
        ZonedDateTime local = at.atZone(config.zone());
        return String.format(
                "%d-W%02d", local.get(IsoFields.WEEK_BASED_YEAR), local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Records this week's payouts (if this replica holds the lock) and sends them; returns the payouts recorded. */
    public List<Transaction> run(Instant now) {
        return run(now, week(now), null);
    }

    /**
     * @param suffix added to the idempotency key (an operator's retry within the same week), or null
     * @param only   one influencer only (an operator's retry), or null for all
     */
    List<Transaction> run(Instant now, String suffix, String only) {
        String week = week(now);
        Mono<List<Transaction>> record = db.sql("SELECT pg_try_advisory_xact_lock(:key) AS locked")
                .bind("key", LOCK)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> !locked
                        ? Mono.just(List.<Transaction>of())
                        : due.releaseFailed()
                                .thenMany(due.due().collectList().flatMapMany(Flux::fromIterable))
                                .filter(owed ->
                                        only == null || owed.influencerId().equals(only))
                                .concatMap(owed -> record(owed, week, suffix, now))
                                .collectList());
        List<Transaction> recorded = transaction.transactional(record).block(Duration.ofMinutes(5));
        List<Transaction> result = recorded == null ? List.of() : recorded;
        if (!result.isEmpty()) {
            log.info("payout run {}: {} payouts recorded", week, result.size());
        }
        result.forEach(payout -> sender.send(payout).block(Duration.ofMinutes(2)));
        return result;
    }

    private Mono<Transaction> record(DuePayouts.Due owed, String week, String suffix, Instant now) {
        if (owed.amountMinor() < config.minimumOf(owed.currency())) {
            return Mono.empty();
        }
        String key = "payout|" + owed.influencerId() + "|" + week + "|" + owed.currency()
                + (suffix == null || suffix.equals(week) ? "" : "|" + suffix);
        return accounts.held(owed.influencerId())
                .flatMap(held -> held
                        ? Mono.<Transaction>empty()
                        : accounts.find(owed.influencerId(), owed.currency())
                                .map(java.util.Optional::of)
                                .defaultIfEmpty(java.util.Optional.empty())
                                .flatMap(account -> account.isEmpty()
                                        ? skip(owed, week, now)
                                        : journal.open(
                                                        new NewTransaction(
                                                                PaymentKind.INFLUENCER_PAYOUT,
                                                                null,
                                                                owed.influencerId(),
                                                                account.get()
                                                                                .method()
                                                                                .equals("bank_transfer")
                                                                        ? "bank_transfer"
                                                                        : account.get()
                                                                                .provider(),
                                                                key,
                                                                week,
                                                                owed.amountMinor(),
                                                                owed.currency(),
                                                                owed.commissionIds()),
                                                        "payout-run")
                                                .filter(Journal.Opened::created)
                                                .map(Journal.Opened::transaction)
                                                .flatMap(payout -> due.assign(payout.id(), owed.commissionIds())
                                                        .thenReturn(payout))));
    }

    private Mono<Transaction> skip(DuePayouts.Due owed, String week, Instant now) {
        // notification-service tells the influencer by this reason (Triggers.NO_PAYOUT_ACCOUNT pins "no payout
        // account"): keep it
        String reason = "no payout account in " + owed.currency();
        return due.noteSkip(owed.influencerId(), week, owed.currency(), reason, now)
                .flatMap(first -> first
                        ? journal.skipped(
                                owed.influencerId(),
                                owed.currency(),
                                owed.amountMinor(),
                                owed.commissionIds(),
                                "payout|" + owed.influencerId() + "|" + week + "|" + owed.currency(),
                                week,
                                reason)
                        : Mono.empty())
                .then(Mono.empty());
    }
}
