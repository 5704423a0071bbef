package io.tracknow.attribution.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.attribution.chain.Ask;
import io.tracknow.attribution.chain.IdentifierLookup;
import io.tracknow.attribution.fraud.FraudGuard;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.messaging.testsupport.GenericPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A poll's paid orders of one merchant read their identifiers with one statement ({@link
 * OrderAttribution#prepare}) and are attributed exactly as when each reads its own; the decisions of
 * orders the poll reports once are written together at commit, the others at once.
 */
class PollPrefetchTest extends AttributionIntegrationTest {

    @Autowired
    DatabaseLookup database;

    @Autowired
    InfluencerDirectory influencers;

    @Autowired
    FraudGuard fraud;

    @Autowired
    DecisionStore decisions;

    @Autowired
    OrderStatuses statuses;

    @Autowired
    OrderRefunds refunds;

    @Autowired
    Outbox outbox;

    @Autowired
    Clock clock;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    DatabaseClient db;

    /** The database lookup, counting its prefetches (one statement each). */
    final class CountingLookup implements IdentifierLookup {

        final AtomicInteger prefetches = new AtomicInteger();

        @Override
        public Mono<String> byCreatorId(String merchantId, String creatorId) {
            return database.byCreatorId(merchantId, creatorId);
        }

        @Override
        public Mono<String> byPromoCode(String merchantId, String code) {
            return database.byPromoCode(merchantId, code);
        }

        @Override
        public Mono<String> byShortCode(String merchantId, String shortCode) {
            return database.byShortCode(merchantId, shortCode);
        }

        @Override
        public Flux<String> byCampaign(String merchantId, String campaign) {
            return database.byCampaign(merchantId, campaign);
        }

        @Override
        public Mono<RecordedClick> click(String merchantId, String clickId) {
            return database.click(merchantId, clickId);
        }

        @Override
        public Mono<IdentifierLookup> prefetched(String merchantId, Set<Ask> asks) {
            prefetches.incrementAndGet();
            return database.prefetched(merchantId, asks);
        }
    }

    @Test
    void aPollsPaidOrdersOfOneMerchantReadTheirIdentifiersOnceAndAreAttributedAsAlone() throws Exception {
        String merchant = unique("shop");
        String lone = unique("lone");
        String alice = unique("alice");
        String bob = unique("bob");
        String carol = unique("carol");
        influencer(merchant, alice, "\"utmCampaign\":\"a\"");
        influencer(merchant, bob, "\"utmCampaign\":\"b\"");
        influencer(lone, carol, "\"utmCampaign\":\"c\"");
        promoCode(alice, "ALICE-" + alice);
        creatorIds(bob, "creator-" + bob);
        promoCode(carol, "CAROL-" + carol);

        Instant at = Instant.now();
        OrderReported byCode = paid(merchant, hints().setPromoCodes(List.of("alice-" + alice)), at);
        OrderReported byCreator = paid(merchant, hints().setCreatorId("Creator-" + bob), at);
        OrderReported unmatched = paid(merchant, hints().setPromoCodes(List.of("NOBODY")), at);
        OrderReported pending = order(
                        merchant,
                        unique("o"),
                        OrderStatus.PENDING,
                        at,
                        hints().setPromoCodes(List.of("ALICE-" + alice)))
                .build();
        OrderReported otherShop = paid(lone, hints().setPromoCodes(List.of("CAROL-" + carol)), at);
        List<OrderReported> poll = List.of(byCode, byCreator, pending, unmatched, otherShop);

        CountingLookup lookup = new CountingLookup();
        OrderAttribution attribution =
                new OrderAttribution(lookup, influencers, fraud, decisions, statuses, refunds, outbox, clock);
        Long visibleBeforeCommit = transactions
                .transactional(attribution
                        .prepare(poll)
                        .thenMany(Flux.fromIterable(poll).concatMap(attribution::apply))
                        .then(decided(poll)))
                .block(Duration.ofSeconds(30));
        // each order came once in the poll: their decisions are written together at commit
        assertThat(visibleBeforeCommit).isZero();
        assertThat(decided(poll).block()).isEqualTo(4);

        // one read for the merchant's three paid orders, one by the other shop's single order itself
        assertThat(lookup.prefetches).hasValue(2);
        assertThat(influencerOf(byCode)).isEqualTo(alice);
        assertThat(influencerOf(byCreator)).isEqualTo(bob);
        assertThat(influencerOf(unmatched)).isEqualTo("-");
        assertThat(influencerOf(otherShop)).isEqualTo(carol);
        assertThat(decisions
                        .forOrder(merchant, pending.getExternalOrderId())
                        .collectList()
                        .block())
                .as("an order not paid yet is not attributed")
                .isEmpty();

        // the same orders one by one, without the poll's read: the same decisions, one read each
        CountingLookup alone = new CountingLookup();
        OrderAttribution unprepared =
                new OrderAttribution(alone, influencers, fraud, decisions, statuses, refunds, outbox, clock);
        List<OrderReported> again = List.of(
                paid(merchant, hints().setPromoCodes(List.of("alice-" + alice)), at),
                paid(merchant, hints().setCreatorId("Creator-" + bob), at),
                paid(merchant, hints().setPromoCodes(List.of("NOBODY")), at));
        transactions
                .transactional(
                        Flux.fromIterable(again).concatMap(unprepared::apply).then())
                .block(Duration.ofSeconds(30));
        assertThat(alone.prefetches).hasValue(3);
        assertThat(again.stream().map(this::influencerOf).toList()).containsExactly(alice, bob, "-");
    }

    @Test
    void anOrderReportedTwiceInAPollHasItsDecisionWrittenAtOnceForItsLaterStatus() throws Exception {
        String merchant = unique("shop");
        String alice = unique("alice");
        influencer(merchant, alice, "\"utmCampaign\":\"a\"");
        promoCode(alice, "ALICE-" + alice);
        Instant at = Instant.now().minusSeconds(60);
        OrderReported paid = paid(merchant, hints().setPromoCodes(List.of("ALICE-" + alice)), at);
        OrderReported cancelled = order(
                        merchant,
                        paid.getExternalOrderId(),
                        OrderStatus.CANCELLED,
                        at.plusSeconds(30),
                        hints().setPromoCodes(List.of("ALICE-" + alice)))
                .build();
        OrderReported other = paid(merchant, hints().setPromoCodes(List.of("ALICE-" + alice)), at);
        List<OrderReported> poll = List.of(paid, other, cancelled);

        OrderAttribution attribution = new OrderAttribution(
                new CountingLookup(), influencers, fraud, decisions, statuses, refunds, outbox, clock);
        Long visibleBeforeCommit = transactions
                .transactional(attribution
                        .prepare(poll)
                        .thenMany(Flux.fromIterable(poll).concatMap(attribution::apply))
                        .then(decided(List.of(paid))))
                .block(Duration.ofSeconds(30));

        assertThat(visibleBeforeCommit)
                .as("written at once: the cancellation reads it")
                .isEqualTo(1);
        Decision decision =
                decisions.forOrder(merchant, paid.getExternalOrderId()).single().block();
        assertThat(decision.influencerId()).isEqualTo(alice);
        assertThat(decision.lastStatus()).isEqualTo("CANCELLED");
        assertThat(influencerOf(other)).isEqualTo(alice);
    }

    @Test
    void theStatusesOfOrdersAPollReportsOnceAreRecordedTogetherBeforeAnyIsApplied() throws Exception {
        String merchant = unique("shop");
        String alice = unique("alice");
        influencer(merchant, alice, "\"utmCampaign\":\"a\"");
        promoCode(alice, "ALICE-" + alice);
        Instant at = Instant.now().minusSeconds(60);
        OrderReported first = paid(merchant, hints().setPromoCodes(List.of("ALICE-" + alice)), at);
        OrderReported second = paid(merchant, hints().setPromoCodes(List.of("ALICE-" + alice)), at);
        OrderReported twice = paid(merchant, hints().setPromoCodes(List.of("ALICE-" + alice)), at);
        OrderReported cancelled = order(
                        merchant,
                        twice.getExternalOrderId(),
                        OrderStatus.CANCELLED,
                        at.plusSeconds(30),
                        hints().setPromoCodes(List.of("ALICE-" + alice)))
                .build();
        List<OrderReported> poll = List.of(first, twice, second, cancelled);

        OrderAttribution attribution = new OrderAttribution(
                new CountingLookup(), influencers, fraud, decisions, statuses, refunds, outbox, clock);
        Long recordedByPrepare = transactions
                .transactional(attribution
                        .prepare(poll)
                        .then(statusRows(poll))
                        .flatMap(recorded -> Flux.fromIterable(poll)
                                .concatMap(attribution::apply)
                                .then(Mono.just(recorded))))
                .block(Duration.ofSeconds(30));

        assertThat(recordedByPrepare)
                .as("before any order is applied: the two orders the poll reports once")
                .isEqualTo(2);
        assertThat(statusRows(poll).block()).isEqualTo(4);
        assertThat(influencerOf(first)).isEqualTo(alice);
        assertThat(influencerOf(second)).isEqualTo(alice);
        Decision reportedTwice = decisions
                .forOrder(merchant, twice.getExternalOrderId())
                .single()
                .block();
        assertThat(reportedTwice.influencerId()).isEqualTo(alice);
        assertThat(reportedTwice.lastStatus()).isEqualTo("CANCELLED");

        // the same paid order again in a later poll with another: a repeat, recorded as nothing new
        OrderReported repeat =
                OrderReported.newBuilder(first).setEventId(unique("again")).build();
        OrderReported third = paid(merchant, hints().setPromoCodes(List.of("ALICE-" + alice)), at);
        List<OrderReported> later = List.of(repeat, third);
        transactions
                .transactional(attribution
                        .prepare(later)
                        .thenMany(Flux.fromIterable(later).concatMap(attribution::apply))
                        .then())
                .block(Duration.ofSeconds(30));
        assertThat(statusRows(List.of(first, third)).block()).isEqualTo(2);
        assertThat(decisions
                        .forOrder(merchant, first.getExternalOrderId())
                        .collectList()
                        .block())
                .hasSize(1);
        assertThat(influencerOf(third)).isEqualTo(alice);
    }

    /**
     * The poll's status statement reaches each order's earlier reports through the primary key whatever the
     * planner knows: planned generically against empty, never analyzed tables (what the statement cache
     * first plans it against on a fresh database without autovacuum), it must not scan them.
     */
    @Test
    void thePollsStatusStatementReachesEachOrderByItsKeyEvenPlannedOnEmptyTables() throws Exception {
        List<String> plan = GenericPlan.explain(
                environment,
                OrderStatuses.RECORD,
                List.of("order_statuses", "order_refunds"),
                new GenericPlan.Parameter("rows", "jsonb", "'[]'"));
        assertThat(plan)
                .as(String.join("\n", plan))
                .noneMatch(line ->
                        line.contains("Seq Scan on order_statuses") || line.contains("Seq Scan on order_refunds"))
                .anyMatch(line -> line.contains("Index") && line.contains("order_statuses"))
                .anyMatch(line -> line.contains("Index") && line.contains("order_refunds"));
    }

    /** How many status rows these orders have, as the current transaction (if any) sees it. */
    private Mono<Long> statusRows(List<OrderReported> orders) {
        return rowsOf("order_statuses", orders);
    }

    /** How many of these orders have a decision, as the current transaction (if any) sees it. */
    private Mono<Long> decided(List<OrderReported> orders) {
        return rowsOf("attribution_decisions", orders);
    }

    /** How many rows of {@code table} are these orders', as the current transaction (if any) sees it. */
    private Mono<Long> rowsOf(String table, List<OrderReported> orders) {
        return db.sql("SELECT count(*) AS n FROM " + table + " WHERE merchant_id = ANY(:merchants)"
                        + " AND external_order_id = ANY(:orders)")
                .bind(
                        "merchants",
                        orders.stream()
                                .map(OrderReported::getMerchantId)
                                .distinct()
                                .toArray(String[]::new))
                .bind(
                        "orders",
                        orders.stream()
                                .map(OrderReported::getExternalOrderId)
                                .distinct()
                                .toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private static OrderReported paid(
            String merchant, io.tracknow.events.orders.AttributionHints.Builder hints, Instant at) {
        return order(merchant, unique("o"), OrderStatus.PAID, at, hints).build();
    }

    /** The influencer the order's decision names, "-" for a decision without one. */
    private String influencerOf(OrderReported order) {
        List<Decision> found = decisions
                .forOrder(order.getMerchantId(), order.getExternalOrderId())
                .collectList()
                .block();
        assertThat(found).hasSize(1);
        String influencer = found.getFirst().influencerId();
        return influencer == null ? "-" : influencer;
    }
}
