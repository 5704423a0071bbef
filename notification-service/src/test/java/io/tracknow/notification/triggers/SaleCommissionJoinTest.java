package io.tracknow.notification.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.testsupport.GenericPlan;
import io.tracknow.notification.Events;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The new sale's message states its commission, whichever of sales.v1 and commissions.v1 comes first, and
 * goes without it when no accrual comes in time; one per sale and channel, through the real broker and
 * database.
 */
class SaleCommissionJoinTest extends NotificationServiceTest {

    @Autowired
    SaleCommissionJoin join;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    @Test
    void aSaleWaitsForItsCommissionThenIsToldOnceWithItOnEveryChannel() throws Exception {
        String influencer = newInfluencer();
        contact(influencer, influencer + "@example.org", "en", null);
        SaleEvent sale = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 12550, "USD");
        kafka.send(Topics.SALES.name(), key(sale), sale).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notification.sales", sale.getEventId()));
        assertThat(sales(influencer)).as("nothing before the commission").isEmpty();

        CommissionEvent accrued = Events.accruedFor(sale, 1883);
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> sales(influencer).size() == 1);
        JsonNode told = sales(influencer).getFirst();
        assertThat(told.path("title").asString()).isEqualTo("New sale: $125.50, you earn $18.83");
        assertThat(told.path("body").asString())
                .contains("A sale of $125.50 (order " + sale.getExternalOrderId())
                .contains("It earns you $18.83 (15 % of $125.50), pending until December 16, 2026.");
        assertThat(told.path("causeEventId").asString()).isEqualTo(sale.getEventId());
        assertThat(titles(influencer)).contains("You earned $18.83");

        // the same events again, and the sale re-published under a new event id: still one message per channel
        kafka.send(Topics.SALES.name(), key(sale), sale).get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        SaleEvent republished = SaleEvent.newBuilder(sale)
                .setEventId(UUID.randomUUID().toString())
                .build();
        kafka.send(Topics.SALES.name(), key(sale), republished).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notification.sales", republished.getEventId()));
        assertThat(sales(influencer)).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> saleDeliveries(influencer, "EMAIL") == 1);
        assertThat(saleDeliveries(influencer, "IN_APP")).isEqualTo(1);
        assertThat(saleDeliveries(influencer, "EMAIL")).isEqualTo(1);
    }

    @Test
    void aCommissionThatComesFirstIsToldWithItsSaleInFrench() throws Exception {
        String influencer = newInfluencer();
        SaleEvent sale = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 12550, "USD");
        CommissionEvent accrued = Events.accruedFor(sale, 1883);
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> titles(influencer).contains("Vous avez gagné 18,83 $US"));
        assertThat(sales(influencer)).isEmpty();

        kafka.send(Topics.SALES.name(), key(sale), sale).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> sales(influencer).size() == 1);
        JsonNode told = sales(influencer).getFirst();
        assertThat(plain(told.path("title").asString()))
                .isEqualTo("Nouvelle vente : 125,50 $US, vous gagnez 18,83 $US");
        assertThat(plain(told.path("body").asString()))
                .contains("Elle vous rapporte 18,83 $US (15 % de 125,50 $US), en attente jusqu'au 16 décembre 2026.");
        // its wait ends: a sale told with its commission is not told again
        join.tellWithoutCommission(Instant.now().plus(Duration.ofDays(1)));
        assertThat(sales(influencer)).hasSize(1);
    }

    @Test
    void aSaleWhoseCommissionNeverComesIsToldWithoutItOnceTheWaitIsOverInBothLanguages() throws Exception {
        String french = newInfluencer();
        String english = newInfluencer();
        contact(english, null, "en", null);
        SaleEvent frenchSale = Events.saleAttributed(french, "order-" + UUID.randomUUID(), 15000, "XOF");
        SaleEvent englishSale = Events.saleAttributed(english, "order-" + UUID.randomUUID(), 15000, "XOF");
        kafka.send(Topics.SALES.name(), key(frenchSale), frenchSale).get();
        kafka.send(Topics.SALES.name(), key(englishSale), englishSale).get();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> processed("notification.sales", frenchSale.getEventId())
                        && processed("notification.sales", englishSale.getEventId()));
        assertThat(join.tellWithoutCommission(Instant.now()))
                .as("the wait (commission-wait) is not over")
                .isZero();

        assertThat(join.tellWithoutCommission(Instant.now().plus(Duration.ofMinutes(10))))
                .isGreaterThanOrEqualTo(2);
        assertThat(sales(french)).hasSize(1);
        assertThat(plain(sales(french).getFirst().path("title").asString())).isEqualTo("Nouvelle vente : 15 000 F CFA");
        assertThat(sales(french).getFirst().path("body").asString())
                .contains("Aucune commission n'est encore enregistrée pour elle");
        assertThat(plain(sales(english).getFirst().path("title").asString())).isEqualTo("New sale: F CFA 15,000");
        assertThat(sales(english).getFirst().path("body").asString())
                .contains("No commission has been recorded for it yet");

        // a commission that comes after all has its own message, and does not tell the sale again
        kafka.send(Topics.COMMISSIONS.name(), english, Events.accruedFor(englishSale, 2250))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> titles(english).contains("You earned F CFA 2,250"));
        assertThat(sales(english)).hasSize(1);
    }

    /**
     * The timeout round writes a sale's notifications while it holds the sale's row; an accrual for that
     * sale arriving then must not wait for the round (it waited past the lock timeout and retried, and the
     * commissions consumer fell minutes behind in the chaos run): its own message goes out while the row
     * is still held, and the sale is left to the round.
     */
    @Test
    void anAccrualIsNotHeldUpByASaleTheTimeoutRoundIsTelling() throws Exception {
        String influencer = newInfluencer();
        SaleEvent sale = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 12550, "USD");
        kafka.send(Topics.SALES.name(), key(sale), sale).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notification.sales", sale.getEventId()));
        try (java.sql.Connection round = jdbc()) {
            round.setAutoCommit(false);
            try (java.sql.PreparedStatement lock =
                    round.prepareStatement("SELECT 1 FROM sale_commissions WHERE influencer_id = ? FOR UPDATE")) {
                lock.setString(1, influencer);
                lock.executeQuery().close();
            }
            kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accruedFor(sale, 1883))
                    .get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> titles(influencer).contains("Vous avez gagné 18,83 $US"));
            round.rollback();
        }
        assertThat(sales(influencer)).as("the sale is the round's to tell").isEmpty();
        join.tellWithoutCommission(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(sales(influencer)).hasSize(1);
    }

    /**
     * A poll of accruals brings their commission halves with one statement in the listener's prepare: the
     * rows are there before any accrual is applied, each accrual then tells from what that statement
     * returned, a sale held by the timeout round is skipped, and an accrual the poll holds twice goes its
     * own way (and brings nothing the second time).
     */
    @Test
    void aPollsAccrualsBringTheirCommissionsTogetherBeforeTheyAreApplied() throws Exception {
        String influencer = newInfluencer();
        contact(influencer, null, "en", null);
        SaleEvent toldSale = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 12550, "USD");
        SaleEvent heldSale = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 5000, "USD");
        SaleEvent laterSale = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 8000, "USD");
        for (SaleEvent sale : List.of(toldSale, heldSale)) {
            kafka.send(Topics.SALES.name(), key(sale), sale).get();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> processed("notification.sales", toldSale.getEventId())
                        && processed("notification.sales", heldSale.getEventId()));
        CommissionEvent told = Events.accruedFor(toldSale, 1883);
        CommissionEvent held = Events.accruedFor(heldSale, 750);
        CommissionEvent later = Events.accruedFor(laterSale, 1200);
        CommissionEvent laterAgain = CommissionEvent.newBuilder(later)
                .setEventId(UUID.randomUUID().toString())
                .build();
        List<CommissionEvent> poll = List.of(told, held, later, laterAgain);

        Long broughtByPrepare;
        try (java.sql.Connection round = jdbc()) {
            round.setAutoCommit(false);
            try (java.sql.PreparedStatement lock =
                    round.prepareStatement("SELECT 1 FROM sale_commissions WHERE external_order_id = ? FOR UPDATE")) {
                lock.setString(1, heldSale.getExternalOrderId());
                lock.executeQuery().close();
            }
            broughtByPrepare = transactions
                    .transactional(join.prepareAccrued(poll)
                            .then(commissionHalves(influencer))
                            .flatMap(brought -> Flux.fromIterable(poll)
                                    .concatMap(e -> join.onAccrued(e))
                                    .then(Mono.just(brought))))
                    .block(Duration.ofSeconds(30));
            round.rollback();
        }

        assertThat(broughtByPrepare)
                .as("before any accrual is applied: the told sale's half, not the held one, not the twice-polled one")
                .isEqualTo(1);
        assertThat(commissionHalves(influencer).block())
                .as("and the later sale's, by its own accrual")
                .isEqualTo(2);
        List<JsonNode> sales = sales(influencer);
        assertThat(sales).hasSize(1);
        assertThat(sales.getFirst().path("title").asString()).isEqualTo("New sale: $125.50, you earn $18.83");
        assertThat(sales.getFirst().path("causeEventId").asString()).isEqualTo(toldSale.getEventId());
    }

    /**
     * The poll's commission-half statement reaches each row through the primary key whatever the planner
     * knows of the table: planned generically against an empty table that was never analyzed (what the
     * service's statement cache first plans it against on a fresh database without autovacuum), it must not
     * scan sale_commissions. Its first form (a join of the input with the table) was a hash join over a
     * sequential scan there, and that cached plan read the whole table for every poll under the bench.
     */
    @Test
    void thePollsCommissionStatementReachesEachRowByItsKeyEvenPlannedOnAnEmptyTable() throws Exception {
        List<String> plan = GenericPlan.explain(
                environment,
                SaleCommissionJoin.BRING_COMMISSIONS,
                List.of("sale_commissions"),
                new GenericPlan.Parameter("rows", "jsonb", "'[]'"),
                new GenericPlan.Parameter("now", "timestamptz", "now()"));
        assertThat(plan)
                .as(String.join("\n", plan))
                .noneMatch(line -> line.contains("Seq Scan on sale_commissions"))
                .anyMatch(line -> line.contains("Index Scan using sale_commissions_pkey"));
    }

    /** The same for a poll of sales: their halves come with one statement, before any sale is applied. */
    @Test
    void aPollsSalesBringTheirHalvesTogetherBeforeTheyAreApplied() throws Exception {
        String influencer = newInfluencer();
        contact(influencer, null, "en", null);
        SaleEvent earned = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 12550, "USD");
        SaleEvent waiting = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 5000, "USD");
        SaleEvent twice = Events.saleAttributed(influencer, "order-" + UUID.randomUUID(), 8000, "USD");
        SaleEvent twiceAgain = SaleEvent.newBuilder(twice)
                .setEventId(UUID.randomUUID().toString())
                .build();
        CommissionEvent accrued = Events.accruedFor(earned, 1883);
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notification.commissions", accrued.getEventId()));
        List<SaleEvent> poll = List.of(earned, waiting, twice, twiceAgain);

        Long broughtByPrepare = transactions
                .transactional(join.prepareSales(poll)
                        .then(halves(influencer, "sale_event_id"))
                        .flatMap(brought -> Flux.fromIterable(poll)
                                .concatMap(e -> join.onSale(e))
                                .then(Mono.just(brought))))
                .block(Duration.ofSeconds(30));

        assertThat(broughtByPrepare)
                .as("before any sale is applied: the two the poll reports once, not the twice-reported one")
                .isEqualTo(2);
        assertThat(halves(influencer, "sale_event_id").block()).isEqualTo(3);
        List<JsonNode> sales = sales(influencer);
        assertThat(sales).hasSize(1);
        assertThat(sales.getFirst().path("title").asString()).isEqualTo("New sale: $125.50, you earn $18.83");
        assertThat(sales.getFirst().path("causeEventId").asString()).isEqualTo(earned.getEventId());
    }

    /** How many of this influencer's sales have their commission half, as the current transaction sees it. */
    private Mono<Long> commissionHalves(String influencer) {
        return halves(influencer, "commission_event_id");
    }

    /** How many of this influencer's sales have the half whose event id is in {@code column}. */
    private Mono<Long> halves(String influencer, String column) {
        return db.sql("SELECT count(*) AS n FROM sale_commissions WHERE influencer_id = :influencer AND " + column
                        + " IS NOT NULL")
                .bind("influencer", influencer)
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private java.sql.Connection jdbc() throws java.sql.SQLException {
        String url = "jdbc:postgresql://" + environment.getProperty("tracknow.db.host") + ":"
                + environment.getProperty("tracknow.db.port") + "/" + environment.getProperty("tracknow.db.name");
        return java.sql.DriverManager.getConnection(
                url, environment.getProperty("tracknow.db.user"), environment.getProperty("tracknow.db.password"));
    }

    private static String key(SaleEvent sale) {
        return sale.getMerchantId() + "|" + sale.getSource() + "|" + sale.getExternalOrderId();
    }

    private boolean processed(String consumer, String eventId) {
        return Boolean.TRUE.equals(db.sql("SELECT count(*) AS n FROM messaging.processed_events WHERE consumer = :c AND"
                        + " event_id = :e")
                .bind("c", consumer)
                .bind("e", eventId)
                .map(row -> row.get("n", Long.class) > 0)
                .one()
                .block());
    }

    private List<JsonNode> sales(String influencer) throws Exception {
        List<JsonNode> sales = new ArrayList<>();
        get("/api/influencers/" + influencer + "/notifications").forEach(n -> {
            if (n.path("template").asString().equals("sale-attributed")) {
                sales.add(n);
            }
        });
        return sales;
    }

    private List<String> titles(String influencer) throws Exception {
        List<String> titles = new ArrayList<>();
        get("/api/influencers/" + influencer + "/notifications")
                .forEach(n -> titles.add(plain(n.path("title").asString())));
        return titles;
    }

    private long saleDeliveries(String influencer, String channel) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        get("/api/influencers/" + influencer + "/deliveries").forEach(rows::add);
        return rows.stream()
                .filter(r -> r.path("channel").asString().equals(channel)
                        && r.path("eventType").asString().equals("sale-attributed"))
                .count();
    }

    private static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ');
    }
}
