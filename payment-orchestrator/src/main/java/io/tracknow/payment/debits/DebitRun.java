package io.tracknow.payment.debits;

import io.tracknow.events.payments.PaymentKind;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.NewTransaction;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import io.tracknow.payment.setup.SetupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The debit run: for each merchant and currency with validated commissions not yet collected, one
 * debit for the period, recorded under the idempotency key {@code debit|merchant|period|currency}
 * (a rerun or a second replica finds it and records nothing new), then sent through the merchant's
 * gateway. The recording happens in one transaction that first takes a PostgreSQL advisory lock, so
 * one replica at a time runs it; sending claims each debit (pending → processing) before calling the
 * provider, so no debit is sent twice. A merchant without a set-up, with auto-debit off, whose gateway
 * is not active yet or does not take the currency is left for a later run.
 */
@Component
public class DebitRun {

    /** pg advisory lock key of the debit run: "tracknow-debits". */
    static final long LOCK = 0x7472_6b64_6562_6974L;

    private static final Logger log = LoggerFactory.getLogger(DebitRun.class);

    private final DatabaseClient db;
    private final DueDebits due;
    private final Invoices invoices;
    private final Journal journal;
    private final SetupStore setups;
    private final DebitSender sender;
    private final TransactionalOperator transaction;
    private final PaymentProperties.Debits config;

    public DebitRun(
            DatabaseClient db,
            DueDebits due,
            Invoices invoices,
            Journal journal,
            SetupStore setups,
            DebitSender sender,
            TransactionalOperator transaction,
            PaymentProperties properties) {
        this.db = db;
        this.due = due;
        this.invoices = invoices;
        this.journal = journal;
        this.setups = setups;
        this.sender = sender;
        this.transaction = transaction;
        this.config = properties.debits();
    }

    /** Records the period's debits (if this replica holds the lock) and sends every pending one; returns the debits recorded. */
    public List<Transaction> run(Instant now) {
        return run(now, null);
    }

    /**
     * @param suffix added to each debit's idempotency key (an operator's run now, which must not find the
     *               period's key taken by the scheduled run), or null. A second debit of the same
     *               commissions stays impossible: each commission is assigned to one debit, under the lock.
     */
    public List<Transaction> run(Instant now, String suffix) {
        String period = Periods.of(now, config.zone(), config.period());
        Mono<List<Transaction>> record = db.sql("SELECT pg_try_advisory_xact_lock(:key) AS locked")
                .bind("key", LOCK)
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? recordAll(period, suffix, now) : Mono.just(List.<Transaction>of()));
        List<Transaction> recorded = transaction.transactional(record).block(Duration.ofMinutes(5));
        List<Transaction> result = recorded == null ? List.of() : recorded;
        if (!result.isEmpty()) {
            log.info("debit run {}: {} debits recorded", period, result.size());
        }
        result.stream()
                .filter(d -> !Gateway.MANUAL.id().equals(d.gateway()))
                .forEach(d -> sender.send(d).block(Duration.ofMinutes(2)));
        return result;
    }

    private Mono<List<Transaction>> recordAll(String period, String suffix, Instant now) {
        return due.due()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(owed -> setups.find(owed.merchantId())
                        .filter(setup -> collectable(setup, owed, now))
                        .flatMap(setup -> record(setup, owed, period, suffix, now)))
                .collectList();
    }

    private boolean collectable(GatewaySetup setup, DueDebits.Due owed, Instant now) {
        if (owed.amountMinor() <= 0) {
            return false;
        }
        if (!setup.autoDebitEnabled() || !setup.activeAt(now)) {
            log.debug("merchant {}: auto-debit off or gateway not active yet", setup.merchantId());
            return false;
        }
        if (!setup.gateway().takes(owed.currency())) {
            log.warn(
                    "merchant {} owes {} {}, which its gateway {} does not take: not debited",
                    setup.merchantId(),
                    owed.amountMinor(),
                    owed.currency(),
                    setup.gateway().id());
            return false;
        }
        return true;
    }

    private Mono<Transaction> record(
            GatewaySetup setup, DueDebits.Due owed, String period, String suffix, Instant now) {
        String key = "debit|" + owed.merchantId() + "|" + period + "|" + owed.currency()
                + (suffix == null ? "" : "|" + suffix);
        return journal.open(
                        new NewTransaction(
                                PaymentKind.MERCHANT_DEBIT,
                                owed.merchantId(),
                                null,
                                setup.gateway().id(),
                                key,
                                period,
                                owed.amountMinor(),
                                owed.currency(),
                                owed.commissionIds()),
                        "debit-run")
                .filter(Journal.Opened::created)
                .map(Journal.Opened::transaction)
                .flatMap(debit -> due.assign(debit.id(), owed.commissionIds(), owed.reversalIds())
                        .then(
                                setup.gateway() == Gateway.MANUAL
                                        ? invoices.issue(
                                                debit.id(),
                                                debit.merchantId(),
                                                debit.amountMinor(),
                                                debit.currency(),
                                                period,
                                                now)
                                        : Mono.empty())
                        .thenReturn(debit));
    }
}
