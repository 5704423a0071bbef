package io.tracknow.notification.triggers;

import io.r2dbc.spi.Readable;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.dispatch.Cause;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.notification.templates.Amount;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The "new sale" message states the order amount and the commission the sale will earn. sales.v1 does not
 * carry the commission (attribution knows no plans): commission-service computes it and publishes
 * commissions.v1 CommissionAccrued for the same sale, which may arrive before or after the sale (two
 * topics, two partitions). So both are joined in {@code sale_commissions} on the ids both events carry
 * (merchant, source, order, influencer; commission-service accrues a sale at most once): the sale's
 * notifications are written when the second of the two arrives, or without the commission once
 * {@code sales.commission-wait} has passed (no plan, not commissionable, commission-service late). The one
 * that writes them sets {@code notified_at} under the row's lock, in the transaction of the consumed event
 * (or of the timeout round), and the notification stays unique on (sale event, channel): one sale message
 * per sale and channel, whatever the order and the redeliveries.
 */
@Component
public class SaleCommissionJoin {

    private static final Logger logger = LoggerFactory.getLogger(SaleCommissionJoin.class);
    /**
     * The end of an upsert's SET that brings one half (of which {@code %s} is the other's event id): when the
     * other half is here and the sale is untold, the upsert claims the telling under the row's lock
     * (notified_at, and told_by = this event, which its RETURNING compares). Through the primary key, in the
     * same statement: a second UPDATE would have to find the row again.
     */
    private static final String TELL_IF_OTHER_HALF = " notified_at = CASE WHEN sale_commissions.%1$s IS NOT NULL"
            + " AND sale_commissions.notified_at IS NULL THEN excluded.created_at ELSE sale_commissions.notified_at END,"
            + " told_by = CASE WHEN sale_commissions.%1$s IS NOT NULL AND sale_commissions.notified_at IS NULL"
            + " THEN CAST(:event AS text) ELSE sale_commissions.told_by END";

    private static final String KEY =
            "merchant_id = :merchant AND source = :source AND external_order_id = :order AND influencer_id = :influencer";

    private final DatabaseClient db;
    private final Notifier notifier;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final NotificationProperties.Sales config;
    private final int batchSize;

    public SaleCommissionJoin(
            DatabaseClient db,
            Notifier notifier,
            TransactionalOperator transactions,
            Clock clock,
            NotificationProperties properties) {
        this.db = db;
        this.notifier = notifier;
        this.transactions = transactions;
        this.clock = clock;
        this.config = properties.sales();
        this.batchSize = properties.delivery().batchSize();
    }

    /** A newly attributed sale (not flagged as fraud): told now if its commission is already here, else later. */
    public Mono<Void> onSale(SaleEvent sale, SaleAttributed attributed) {
        Instant now = clock.instant();
        return db.sql("INSERT INTO sale_commissions (merchant_id, source, external_order_id, influencer_id,"
                        + " sale_event_id, sale_occurred_at, total_minor, currency, rule, wait_until, created_at)"
                        + " VALUES (:merchant, :source, :order, :influencer, :event, :occurred, :total, :currency, :rule,"
                        + " :wait, :now) ON CONFLICT (merchant_id, source, external_order_id, influencer_id) DO UPDATE SET"
                        + " sale_event_id = excluded.sale_event_id, sale_occurred_at = excluded.sale_occurred_at,"
                        + " total_minor = excluded.total_minor, currency = excluded.currency, rule = excluded.rule,"
                        + " wait_until = excluded.wait_until," + TELL_IF_OTHER_HALF.formatted("commission_event_id")
                        + " WHERE sale_commissions.sale_event_id IS NULL RETURNING *, told_by = :event AS told_now")
                .bind("merchant", sale.getMerchantId())
                .bind("source", sale.getSource().name())
                .bind("order", sale.getExternalOrderId())
                .bind("influencer", attributed.getInfluencerId())
                .bind("event", sale.getEventId())
                .bind("occurred", sale.getOccurredAt())
                .bind("total", sale.getTotalMinor())
                .bind("currency", sale.getCurrency())
                .bind("rule", attributed.getRule().name())
                .bind("wait", now.plus(config.commissionWait()))
                .bind("now", now)
                .map(SaleCommissionJoin::toldNow)
                .one()
                .flatMap(this::tell);
    }

    /** commission-service accrued a sale: its sale is told now with the commission, if the sale is here and untold. */
    public Mono<Void> onAccrued(CommissionEvent commission, CommissionAccrued accrued) {
        Instant now = clock.instant();
        // A sale row locked by someone else is being told by the timeout round, without the commission: the
        // upsert would wait for that round's whole batch (its notifications are written under the lock), past
        // the lock timeout, and the consumer would retry and fall behind (the chaos run saw the commissions
        // consumer stall for minutes after a backlog). The commission has its own message, so the join is
        // simply skipped for that sale: "free" locks the row if it is there and lockable (SKIP LOCKED) before
        // the upsert runs, and the upsert writes nothing when the row is there but was not lockable.
        return db.sql(
                        "WITH free AS (SELECT NOT EXISTS (SELECT 1 FROM sale_commissions WHERE " + KEY + ")"
                                + " OR EXISTS (SELECT 1 FROM sale_commissions WHERE " + KEY
                                + " FOR UPDATE SKIP LOCKED) AS free)"
                                + " INSERT INTO sale_commissions (merchant_id, source, external_order_id, influencer_id,"
                                + " commission_event_id, commission_minor, commission_currency, rate_percent, hold_until, created_at)"
                                + " SELECT :merchant, :source, :order, :influencer, :event, :minor, :currency, :rate, :hold, :now"
                                + " FROM free WHERE free.free"
                                + " ON CONFLICT (merchant_id, source, external_order_id, influencer_id) DO UPDATE SET"
                                + " commission_event_id = excluded.commission_event_id, commission_minor = excluded.commission_minor,"
                                + " commission_currency = excluded.commission_currency, rate_percent = excluded.rate_percent,"
                                + " hold_until = excluded.hold_until," + TELL_IF_OTHER_HALF.formatted("sale_event_id")
                                + " WHERE sale_commissions.commission_event_id IS NULL RETURNING *, told_by = :event AS told_now")
                .bind("merchant", commission.getMerchantId())
                .bind("source", commission.getSource().name())
                .bind("order", commission.getExternalOrderId())
                .bind("influencer", commission.getInfluencerId())
                .bind("event", commission.getEventId())
                .bind("minor", accrued.getInfluencerMinor())
                .bind("currency", commission.getCurrency())
                .bind("rate", accrued.getInfluencerRatePercent())
                .bind("hold", accrued.getHoldUntil())
                .bind("now", now)
                .map(SaleCommissionJoin::toldNow)
                .one()
                .flatMap(this::tell);
    }

    /** The sale's message, when the upsert that brought its second half claimed the telling; nothing otherwise. */
    private Mono<Void> tell(Optional<Cause> toldNow) {
        return toldNow.map(notifier::notify).orElse(Mono.empty());
    }

    /** The row an upsert returned: its sale's message if this upsert claimed the telling. */
    private static Optional<Cause> toldNow(Readable row) {
        return Boolean.TRUE.equals(row.get("told_now", Boolean.class)) ? Optional.of(cause(row)) : Optional.empty();
    }

    @Scheduled(fixedDelayString = "${tracknow.notifications.delivery.poll-interval}")
    public void round() {
        try {
            tellWithoutCommission(clock.instant());
        } catch (RuntimeException e) {
            logger.warn("sale messages without commission: round stopped, next round retries: {}", e.toString());
        }
    }

    /**
     * Tells every sale whose commission did not come by its {@code wait_until} (at {@code now}), without the
     * commission, one batch per transaction (claimed with SKIP LOCKED, so once across replicas); drops rows
     * older than {@code keep-for}. Returns how many sales were told.
     */
    public int tellWithoutCommission(Instant now) {
        int told = 0;
        while (true) {
            Long batch = transactions
                    .transactional(db.sql(
                                    "UPDATE sale_commissions SET notified_at = :now WHERE (merchant_id, source,"
                                            + " external_order_id, influencer_id) IN (SELECT merchant_id, source, external_order_id,"
                                            + " influencer_id FROM sale_commissions WHERE sale_event_id IS NOT NULL AND notified_at IS NULL"
                                            + " AND wait_until <= :now ORDER BY wait_until LIMIT :n FOR UPDATE SKIP LOCKED) RETURNING *")
                            .bind("now", now)
                            .bind("n", batchSize)
                            .map(SaleCommissionJoin::cause)
                            .all()
                            .concatMap(cause -> notifier.notify(cause).thenReturn(cause))
                            .count())
                    .block(Duration.ofMinutes(2));
            if (batch == null || batch == 0) {
                break;
            }
            told += batch.intValue();
        }
        db.sql(
                        "DELETE FROM sale_commissions WHERE created_at < :before AND (notified_at IS NOT NULL OR sale_event_id IS NULL)")
                .bind("before", now.minus(config.keepFor()))
                .fetch()
                .rowsUpdated()
                .block(Duration.ofMinutes(1));
        return told;
    }

    /** The sale's message: the order and its amount, and the commission when it is known. */
    private static Cause cause(Readable row) {
        Long commission = row.get("commission_minor", Long.class);
        return Triggers.sale(
                row.get("sale_event_id", String.class),
                row.get("influencer_id", String.class),
                row.get("sale_occurred_at", Instant.class),
                row.get("merchant_id", String.class),
                row.get("source", String.class),
                row.get("external_order_id", String.class),
                new Amount(row.get("total_minor", Long.class), row.get("currency", String.class)),
                row.get("rule", String.class),
                commission == null
                        ? null
                        : new Triggers.Earned(
                                new Amount(commission, row.get("commission_currency", String.class)),
                                new BigDecimal(row.get("rate_percent", String.class)),
                                row.get("hold_until", Instant.class)));
    }
}
