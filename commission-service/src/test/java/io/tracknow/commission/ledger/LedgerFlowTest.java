package io.tracknow.commission.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.commission.lifecycle.Accrual;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class LedgerFlowTest extends CommissionServiceTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    Accrual accrual;

    @Test
    void aPaidSaleAccruesOnceWithItsJournalEntryAndEventAndBalancesComeFromTheLedger() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        paid(merchant, order, influencer, 12550, "USD", List.of(item("SKU-1", "beauty", 2500, 5)));
        // the same sale paid again (a re-sent status with a new event id) accrues nothing more
        paid(merchant, order, influencer, 12550, "USD", List.of(item("SKU-1", "beauty", 2500, 5)));

        CommissionEvent accrued = event(order, CommissionAccrued.class);
        CommissionAccrued a = (CommissionAccrued) accrued.getEvent();
        assertThat(accrued.getInfluencerId()).isEqualTo(influencer);
        assertThat(a.getInfluencerMinor()).isEqualTo(1883);
        assertThat(a.getPlatformMinor()).isEqualTo(628);
        assertThat(a.getMerchantNetMinor()).isEqualTo(10039);
        assertThat(a.getInfluencerRatePercent()).isEqualTo("15");
        assertThat(a.getHoldUntil()).isEqualTo(clock.instant().plus(java.time.Duration.ofDays(14)));

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(balance(influencer, "USD")).containsExactly(1883, 0, 0));
        assertThat(owed(merchant, "USD")).isEqualTo(1883 + 628);
        assertThat(events(order, CommissionAccrued.class, 1)).hasSize(1);

        JsonNode statement = get("/api/influencers/" + influencer + "/statement");
        assertThat(statement.path("entries")).hasSize(1);
        JsonNode entry = statement.path("entries").get(0);
        assertThat(entry.path("kind").asString()).isEqualTo("ACCRUAL");
        assertThat(entry.path("sale").path("externalOrderId").asString()).isEqualTo(order);
        assertThat(entry.path("sale").path("saleTotalMinor").asLong()).isEqualTo(12550);
        assertThat(entry.path("movements").get(0).path("account").asString()).isEqualTo("INFLUENCER_PENDING");
        assertThat(entry.path("movements").get(0).path("effectMinor").asLong()).isEqualTo(1883);

        JsonNode merchantStatement = get("/api/merchants/" + merchant + "/statement");
        assertThat(merchantStatement
                        .path("entries")
                        .get(0)
                        .path("movements")
                        .get(0)
                        .path("effectMinor")
                        .asLong())
                .isEqualTo(2511);

        // the commissions endpoint keeps its shape (the end-to-end test reads it)
        JsonNode listing = get("/api/influencers/" + influencer + "/commissions");
        assertThat(listing.path("pendingMinorByCurrency").path("USD").asLong()).isEqualTo(1883);
        JsonNode c = listing.path("commissions").get(0);
        assertThat(c.path("externalOrderId").asString()).isEqualTo(order);
        assertThat(c.path("saleTotalMinor").asLong()).isEqualTo(12550);
        assertThat(c.path("influencerMinor").asLong()).isEqualTo(1883);
        assertThat(c.path("platformMinor").asLong()).isEqualTo(628);
        assertThat(c.path("merchantNetMinor").asLong()).isEqualTo(10039);
        assertThat(c.path("status").asString()).isEqualTo("PENDING");
        assertThat(meters.counter("tracknow.commission.entries", "kind", "ACCRUAL", "reason", "null")
                        .count())
                .isPositive();
    }

    @Test
    void eachPricedLineIsStoredWithItsRateAndRuleInTheAccrualsStatement() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        OrderItem unnamed = OrderItem.newBuilder()
                .setProductId(null)
                .setSku(null)
                .setName("gift card")
                .setCategory(null)
                .setQuantity(1)
                .setUnitPriceMinor(1000)
                .build();
        paid(
                merchant,
                order,
                influencer,
                7000,
                "USD",
                List.of(item("SKU-1", "beauty", 2500, 2), item("FREE", "beauty", 0, 1), unnamed));
        CommissionAccrued accrued =
                (CommissionAccrued) event(order, CommissionAccrued.class).getEvent();

        List<Map<String, Object>> lines = db.sql("SELECT l.line, l.sku, l.category, l.line_minor,"
                        + " l.influencer_rate_percent = c.influencer_rate_percent AS same_rate, l.rule"
                        + " FROM commission_lines l JOIN commissions c ON c.id = l.commission_id"
                        + " WHERE c.merchant_id = :merchant AND c.external_order_id = :order ORDER BY l.line")
                .bind("merchant", merchant)
                .bind("order", order)
                .fetch()
                .all()
                .collectList()
                .block();
        // the free line carries no weight and is not stored; the line without SKU or category is
        assertThat(lines).extracting(l -> l.get("line")).containsExactly(1, 3);
        assertThat(lines).extracting(l -> l.get("sku")).containsExactly("SKU-1", null);
        assertThat(lines).extracting(l -> l.get("category")).containsExactly("beauty", null);
        assertThat(lines).extracting(l -> l.get("line_minor")).containsExactly(5000L, 1000L);
        assertThat(lines).extracting(l -> l.get("same_rate")).containsExactly(true, true);
        assertThat(lines).extracting(l -> l.get("rule")).containsExactly("merchant", "merchant");
        assertThat(accrued.getInfluencerMinor()).isEqualTo(1050);
    }

    @Test
    void aSaleFlaggedAsFraudAccruesNothingAndItsLaterStatusesChangeNothing() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String order = unique("order");
        SaleEvent fraud = sale(merchant, order, OrderStatus.PAID, 12550, "USD", List.of())
                .setEvent(SaleAttributed.newBuilder()
                        .setInfluencerId(influencer)
                        .setRule(AttributionRule.PROMO_CODE)
                        .setHintValue("CODE")
                        .setFraudFlag("self-referral")
                        .build())
                .build();
        SaleEvent refunded = sale(merchant, order, OrderStatus.REFUNDED, 12550, "USD", List.of())
                .setRefundedMinor(12550)
                .setEvent(SaleStatusChanged.newBuilder()
                        .setInfluencerId(influencer)
                        .setPreviousStatus(OrderStatus.PAID)
                        .build())
                .build();
        send(fraud);
        send(refunded);
        await().atMost(PATIENCE).until(() -> processed(fraud.getEventId()) && processed(refunded.getEventId()));
        assertThat(commissions.values(e -> e.getExternalOrderId().equals(order)))
                .isEmpty();
        assertThat(get("/api/influencers/" + influencer + "/balances").path("balances"))
                .isEmpty();
        assertThat(get("/api/influencers/" + influencer + "/commissions").path("commissions"))
                .isEmpty();
    }

    @Test
    void aSaleInAnUnknownCurrencyGoesToTheDeadLetterTopic() {
        String order = unique("order");
        try (TopicProbe<Object> dlq = TopicProbe.avro(Topics.SALES.dlq())) {
            paid(unique("m"), order, unique("inf"), 100, "XYZ", List.of());
            await().atMost(PATIENCE).until(() -> dlq.values(v -> v.toString().contains(order)), l -> !l.isEmpty());
        }
        assertThat(commissions.values(e -> e.getExternalOrderId().equals(order)))
                .isEmpty();
    }

    private boolean processed(String eventId) {
        Long n = db.sql("SELECT count(*) AS n FROM messaging.processed_events WHERE consumer = 'commission.sales'"
                        + " AND event_id = :id")
                .bind("id", eventId)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        return n != null && n == 1;
    }

    @Test
    void theDatabaseRefusesAnEntryThatDoesNotBalance() {
        UUID id = UUID.randomUUID();
        var insert = db.sql("INSERT INTO ledger_entries (id, kind, occurred_at) VALUES (:id, 'PAYOUT', now())")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .then(db.sql("INSERT INTO ledger_postings (entry_id, line, account, owner_id, currency, amount_minor)"
                                + " VALUES (:id, 1, 'INFLUENCER_AVAILABLE', 'x', 'USD', 100),"
                                + " (:id, 2, 'PAID_OUT', 'x', 'USD', -99)")
                        .bind("id", id)
                        .fetch()
                        .rowsUpdated());
        assertThatThrownBy(() -> transactions.transactional(insert).block())
                .hasStackTraceContaining("does not balance");
        Long rows = db.sql("SELECT count(*) AS n FROM ledger_entries WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
        assertThat(rows).isZero();
    }

    @Test
    void theLedgerIsAppendOnly() {
        String merchant = unique("m");
        String order = unique("order");
        paid(merchant, order, unique("inf"), 1000, "EUR", List.of());
        event(order, CommissionAccrued.class);
        assertThatThrownBy(() -> db.sql(
                                "UPDATE ledger_postings SET amount_minor = amount_minor * 2" + " WHERE owner_id = :m")
                        .bind("m", merchant)
                        .fetch()
                        .rowsUpdated()
                        .block())
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> db.sql("DELETE FROM ledger_entries")
                        .fetch()
                        .rowsUpdated()
                        .block())
                .hasStackTraceContaining("append-only");
    }

    @Test
    void aPollsSalesReportedOnceAccrueTogetherAtCommitAndAReplayAccruesNothing() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        String once = unique("once");
        String twice = unique("twice");
        String replayed = unique("replayed");
        paid(merchant, replayed, influencer, 5000, "USD", List.of());
        String earlier = event(replayed, CommissionAccrued.class).getCommissionId();

        SaleEvent onlyOnce =
                paidSale(merchant, once, influencer, 12550, "USD", List.of(item("SKU-1", "beauty", 2500, 5)));
        SaleEvent first = paidSale(merchant, twice, influencer, 3000, "USD", List.of());
        SaleEvent again = paidSale(merchant, twice, influencer, 3000, "USD", List.of());
        SaleEvent replay = paidSale(merchant, replayed, influencer, 5000, "USD", List.of());
        List<SaleEvent> poll = List.of(onlyOnce, first, replay, again);
        List<String> orders = List.of(once, twice, replayed);

        Map<String, Long> insideTheTransaction = transactions
                .transactional(accrual.prepare(poll)
                        .thenMany(Flux.fromIterable(poll)
                                .concatMap(sale -> accrual.onSale(sale, (SaleAttributed) sale.getEvent())))
                        .then(accrued(merchant, orders)))
                .block(PATIENCE);
        // the order the poll brought twice was written at once (its second report must find it); the one it
        // brought once waits for the commit; the replay was there before
        assertThat(insideTheTransaction).containsExactlyInAnyOrderEntriesOf(Map.of(twice, 1L, replayed, 1L));

        assertThat(accrued(merchant, orders).block(PATIENCE))
                .containsExactlyInAnyOrderEntriesOf(Map.of(once, 1L, twice, 1L, replayed, 1L));
        assertThat(db.sql("SELECT c.external_order_id, c.id::text AS id, (SELECT count(*) FROM ledger_entries e"
                                + " WHERE e.commission_id = c.id AND e.kind = 'ACCRUAL') AS entries, (SELECT count(*)"
                                + " FROM commission_lines l WHERE l.commission_id = c.id) AS lines FROM commissions c"
                                + " WHERE c.merchant_id = :merchant")
                        .bind("merchant", merchant)
                        .map(row -> row.get("external_order_id", String.class) + " " + row.get("entries", Long.class)
                                + " " + row.get("lines", Long.class)
                                + (row.get("id", String.class).equals(earlier) ? " earlier" : ""))
                        .all()
                        .collectList()
                        .block(PATIENCE))
                .as("one accrual entry each, the priced line stored, the replayed sale's commission unchanged")
                .containsExactlyInAnyOrder(once + " 1 1", twice + " 1 0", replayed + " 1 0 earlier");
        CommissionAccrued onceAccrued =
                (CommissionAccrued) event(once, CommissionAccrued.class).getEvent();
        assertThat(onceAccrued.getInfluencerMinor()).isEqualTo(1883);
        assertThat(balance(influencer, "USD")[0]).isEqualTo(1883 + 450 + 750);

        // a later sale of the same influencer's, published after the poll's events on the same partition
        // (commissions.v1 is keyed by influencer): once it is read, any extra event of the poll would be too
        String marker = unique("marker");
        List<SaleEvent> next = List.of(paidSale(merchant, marker, influencer, 1000, "USD", List.of()));
        transactions
                .transactional(accrual.prepare(next).then(accrual.onSale(next.getFirst(), (SaleAttributed)
                        next.getFirst().getEvent())))
                .block(PATIENCE);
        event(marker, CommissionAccrued.class);
        assertThat(commissions
                        .values(e ->
                                orders.contains(e.getExternalOrderId()) && e.getEvent() instanceof CommissionAccrued)
                        .stream()
                        .map(CommissionEvent::getExternalOrderId)
                        .toList())
                .containsExactlyInAnyOrder(replayed, once, twice);
    }

    /** How many commissions each of these orders has, as the current transaction (if any) sees it. */
    private Mono<Map<String, Long>> accrued(String merchant, List<String> orders) {
        return db.sql("SELECT external_order_id, count(*) AS n FROM commissions WHERE merchant_id = :merchant"
                        + " AND external_order_id = ANY(:orders) GROUP BY external_order_id")
                .bind("merchant", merchant)
                .bind("orders", orders.toArray(String[]::new))
                .map(row -> Map.entry(row.get("external_order_id", String.class), row.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }
}
