package io.tracknow.notification.triggers;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.tx.PollWrite;
import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.dispatch.Cause;
import io.tracknow.notification.dispatch.Notifier;
import io.tracknow.notification.templates.Amount;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

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
            + " THEN %2$s ELSE sale_commissions.told_by END";

    private static final String KEY_COLUMNS = "merchant_id, source, external_order_id, influencer_id";

    /**
     * The upsert of commission halves (parameters {@code :rows}, a JSON array of input rows, and {@code :now}).
     * A sale row locked by someone else is being told by the timeout round, without the commission: the
     * upsert would wait for that round's whole batch (its notifications are written under the lock), past
     * the lock timeout, and the consumer would retry and fall behind (the chaos run saw the commissions
     * consumer stall for minutes after a backlog). The commission has its own message, so the join is
     * simply skipped for that sale: "held" locks the rows that are there and lockable (SKIP LOCKED) before
     * the upsert runs, and the upsert brings nothing to a row that is there but was not lockable.
     * Each row is looked up on its own, by its key (rowOf: a LATERAL subquery with LIMIT 1, which the planner
     * cannot turn into a join): a join of the input with sale_commissions was planned, while the table was
     * empty, as a hash join over a sequential scan, and that cached plan then read the whole table for
     * every poll (10,416 scans reading 184 M rows in one bench run; this machine's PostgreSQL never
     * analyzes, docs/architecture.md "Performance").
     */
    static final String BRING_COMMISSIONS =
            "WITH input AS (SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(ord int,"
                    + " merchant_id text, source text, external_order_id text, influencer_id text, event text,"
                    + " minor bigint, currency text, rate text, hold timestamptz)),"
                    + " held AS (SELECT l.* FROM input i CROSS JOIN LATERAL (" + rowOf("i")
                    + " FOR UPDATE SKIP LOCKED) l),"
                    + " present AS (SELECT l.* FROM input i CROSS JOIN LATERAL (" + rowOf("i") + ") l),"
                    + " free AS (SELECT i.* FROM input i WHERE NOT EXISTS (SELECT 1 FROM present p"
                    + " WHERE (" + prefixed("p") + ") = (" + prefixed("i") + "))"
                    + " OR EXISTS (SELECT 1 FROM held h WHERE (" + prefixed("h") + ") = (" + prefixed("i") + ")))"
                    + " INSERT INTO sale_commissions (" + KEY_COLUMNS + ", commission_event_id, commission_minor,"
                    + " commission_currency, rate_percent, hold_until, created_at)"
                    + " SELECT " + KEY_COLUMNS + ", event, minor, currency, rate, hold, :now FROM free ORDER BY ord"
                    + " ON CONFLICT (" + KEY_COLUMNS + ") DO UPDATE SET"
                    + " commission_event_id = excluded.commission_event_id, commission_minor = excluded.commission_minor,"
                    + " commission_currency = excluded.commission_currency, rate_percent = excluded.rate_percent,"
                    + " hold_until = excluded.hold_until,"
                    + TELL_IF_OTHER_HALF.formatted("sale_event_id", "excluded.commission_event_id")
                    + " WHERE sale_commissions.commission_event_id IS NULL"
                    + " RETURNING *, told_by = commission_event_id AS told_now";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A poll's lone attributed sales bring their halves together, the others one by one ({@link PollWrite}). */
    private final PollWrite<SaleEvent, Cause> saleHalves =
            new PollWrite<>(this::bringSales, SaleEvent::getEventId, SaleCommissionJoin::key);

    /** The same for a poll's accruals. */
    private final PollWrite<CommissionEvent, Cause> commissionHalves =
            new PollWrite<>(this::bringCommissions, CommissionEvent::getEventId, SaleCommissionJoin::key);

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

    /**
     * Before a poll of sales.v1 is applied, in its transaction: the sale halves of the poll's attributed
     * sales (not flagged as fraud) that the poll reports once are brought with one statement for the whole
     * poll, and what each upsert returned is remembered for {@link #onSale} (as {@link #prepareAccrued}
     * does for accruals).
     */
    public Mono<Void> prepareSales(List<SaleEvent> events) {
        return saleHalves.prepare(events.stream()
                .filter(event -> Triggers.attributed(event).isPresent())
                .toList());
    }

    /** A newly attributed sale (not flagged as fraud): told now if its commission is already here, else later. */
    public Mono<Void> onSale(SaleEvent sale) {
        return saleHalves.outcome(sale).flatMap(notifier::notify);
    }

    /**
     * Brings the sale halves of these attributed sales (of different sales) with one statement; returns, by
     * event id, the sale's message for each upsert that claimed the telling (its commission was here).
     */
    private Mono<Map<String, Cause>> bringSales(List<SaleEvent> sales) {
        Instant now = clock.instant();
        ArrayNode rows = JSON.createArrayNode();
        for (int i = 0; i < sales.size(); i++) {
            SaleEvent sale = sales.get(i);
            SaleAttributed attributed = (SaleAttributed) sale.getEvent();
            rows.addObject()
                    .put("ord", i)
                    .put("merchant_id", sale.getMerchantId())
                    .put("source", sale.getSource().name())
                    .put("external_order_id", sale.getExternalOrderId())
                    .put("influencer_id", attributed.getInfluencerId())
                    .put("event", sale.getEventId())
                    .put("occurred", sale.getOccurredAt().toString())
                    .put("total", sale.getTotalMinor())
                    .put("currency", sale.getCurrency())
                    .put("rule", attributed.getRule().name());
        }
        return told(
                db.sql(
                                "INSERT INTO sale_commissions (" + KEY_COLUMNS + ", sale_event_id, sale_occurred_at,"
                                        + " total_minor, currency, rule, wait_until, created_at)"
                                        + " SELECT " + KEY_COLUMNS
                                        + ", event, occurred, total, currency, rule, :wait, :now"
                                        + " FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(ord int, merchant_id text, source text,"
                                        + " external_order_id text, influencer_id text, event text, occurred timestamptz, total bigint,"
                                        + " currency text, rule text) ORDER BY ord"
                                        + " ON CONFLICT (" + KEY_COLUMNS + ") DO UPDATE SET"
                                        + " sale_event_id = excluded.sale_event_id, sale_occurred_at = excluded.sale_occurred_at,"
                                        + " total_minor = excluded.total_minor, currency = excluded.currency, rule = excluded.rule,"
                                        + " wait_until = excluded.wait_until,"
                                        + TELL_IF_OTHER_HALF.formatted("commission_event_id", "excluded.sale_event_id")
                                        + " WHERE sale_commissions.sale_event_id IS NULL RETURNING *, told_by = sale_event_id AS told_now")
                        .bind("rows", Json.of(rows.toString()))
                        .bind("wait", now.plus(config.commissionWait()))
                        .bind("now", now),
                "sale_event_id");
    }

    /**
     * Before a poll of commissions.v1 is applied, in its transaction: the commission halves of the poll's
     * accruals whose sale the poll accrues once are brought with one statement for the whole poll, and what
     * each upsert returned is remembered for {@link #onAccrued}. No other event of the poll touches those
     * rows (one accrual per sale and influencer), so bringing them a little earlier in the same transaction
     * changes nothing; an accrual the poll holds twice (a redelivery under another event id) goes its own
     * way.
     */
    public Mono<Void> prepareAccrued(List<CommissionEvent> events) {
        return commissionHalves.prepare(events.stream()
                .filter(event -> event.getEvent() instanceof CommissionAccrued)
                .toList());
    }

    /** commission-service accrued a sale: its sale is told now with the commission, if the sale is here and untold. */
    public Mono<Void> onAccrued(CommissionEvent accrued) {
        return commissionHalves.outcome(accrued).flatMap(notifier::notify);
    }

    /**
     * Brings the commission halves of these accruals (of different sales) with one statement; returns, by
     * event id, the sale's message for each upsert that claimed the telling.
     */
    private Mono<Map<String, Cause>> bringCommissions(List<CommissionEvent> accruals) {
        Instant now = clock.instant();
        ArrayNode rows = JSON.createArrayNode();
        for (int i = 0; i < accruals.size(); i++) {
            CommissionEvent commission = accruals.get(i);
            CommissionAccrued accrued = (CommissionAccrued) commission.getEvent();
            rows.addObject()
                    .put("ord", i)
                    .put("merchant_id", commission.getMerchantId())
                    .put("source", commission.getSource().name())
                    .put("external_order_id", commission.getExternalOrderId())
                    .put("influencer_id", commission.getInfluencerId())
                    .put("event", commission.getEventId())
                    .put("minor", accrued.getInfluencerMinor())
                    .put("currency", commission.getCurrency())
                    .put("rate", accrued.getInfluencerRatePercent())
                    .put("hold", accrued.getHoldUntil().toString());
        }
        return told(
                db.sql(BRING_COMMISSIONS).bind("rows", Json.of(rows.toString())).bind("now", now),
                "commission_event_id");
    }

    /**
     * What an upsert of halves returned: by the id of the event that brought the half (in {@code column}),
     * the sale's message where that upsert claimed the telling.
     */
    private static Mono<Map<String, Cause>> told(DatabaseClient.GenericExecuteSpec upsert, String column) {
        return upsert.map(row -> Map.entry(row.get(column, String.class), toldNow(row)))
                .all()
                .filter(told -> told.getValue().isPresent())
                .collectMap(Map.Entry::getKey, told -> told.getValue().get());
    }

    /** The join's key: the sale of one influencer. */
    private record SaleKey(String merchantId, String source, String externalOrderId, String influencerId) {}

    /** An attributed sale's key. */
    private static SaleKey key(SaleEvent sale) {
        return new SaleKey(
                sale.getMerchantId(),
                sale.getSource().name(),
                sale.getExternalOrderId(),
                ((SaleAttributed) sale.getEvent()).getInfluencerId());
    }

    /** The sale a commission is for. */
    private static SaleKey key(CommissionEvent commission) {
        return new SaleKey(
                commission.getMerchantId(),
                commission.getSource().name(),
                commission.getExternalOrderId(),
                commission.getInfluencerId());
    }

    /** The sale_commissions row (its key) of the input row {@code alias}, through the primary key. */
    private static String rowOf(String alias) {
        return "SELECT " + prefixed("s") + " FROM sale_commissions s WHERE s.merchant_id = " + alias + ".merchant_id"
                + " AND s.source = " + alias + ".source AND s.external_order_id = " + alias + ".external_order_id"
                + " AND s.influencer_id = " + alias + ".influencer_id LIMIT 1";
    }

    private static String prefixed(String alias) {
        return alias + ".merchant_id, " + alias + ".source, " + alias + ".external_order_id, " + alias
                + ".influencer_id";
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
