package io.tracknow.attribution.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.attribution.AttributionIntegrationTest;
import io.tracknow.attribution.fraud.SelfReferral;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An order's attribution over its life: duplicates, re-sent statuses and events out of order change
 * nothing wrong; each refund (by its id) is news once, whatever its amount and whichever report carries it; later statuses keep the influencer; a self-referral is flagged. The events of one
 * order share a key, hence a partition: a test that waits for the sale event of its last status
 * knows that everything sent before it was handled, so "nothing more" can be asserted.
 */
class StabilityTest extends AttributionIntegrationTest {

    @Test
    void aDuplicateEventAndAReSentStatusPublishNothingMore() throws Exception {
        Fixture f = fixture();
        OrderReported paid = f.order(OrderStatus.PAID, f.t0).build();
        publish(paid);
        publish(paid);
        publish(f.order(OrderStatus.PAID, f.t0.plusSeconds(5)).build());
        publish(f.order(OrderStatus.FULFILLED, f.t0.plusSeconds(60)).build());

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 2);
        assertThat(events)
                .extracting(e -> e.getEvent().getClass().getSimpleName())
                .containsExactly("SaleAttributed", "SaleStatusChanged");
        assertThat(events.get(1).getStatus()).isEqualTo(OrderStatus.FULFILLED);
    }

    @Test
    void laterStatusesKeepTheInfluencerEvenWhenTheHintsChange() throws Exception {
        Fixture f = fixture();
        publish(f.order(OrderStatus.PAID, f.t0).build());
        publish(f.order(OrderStatus.FULFILLED, f.t0.plusSeconds(60))
                .setHints(hints().build())
                .build());
        publish(f.order(OrderStatus.REFUNDED, f.t0.plusSeconds(120))
                .setRefundedMinor(12550)
                .build());

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 3);
        assertThat(events.get(2).getStatus()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(events.get(2).getRefundedMinor()).isEqualTo(12550);
        assertThat(events.subList(1, 3))
                .allSatisfy(e -> assertThat(e.getEvent())
                        .isInstanceOfSatisfying(
                                SaleStatusChanged.class,
                                c -> assertThat(c.getInfluencerId()).isEqualTo(f.influencer)));
        assertThat(((SaleStatusChanged) events.get(2).getEvent()).getPreviousStatus())
                .isEqualTo(OrderStatus.FULFILLED);
    }

    @Test
    void aStaleStatusArrivingLateChangesNothing() throws Exception {
        Fixture f = fixture();
        publish(f.order(OrderStatus.FULFILLED, f.t0.plusSeconds(60)).build());
        publish(f.order(OrderStatus.PAID, f.t0).build());
        publish(f.order(OrderStatus.PENDING, f.t0.minusSeconds(60)).build());
        publish(f.order(OrderStatus.CANCELLED, f.t0.plusSeconds(120)).build());

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 2);
        assertThat(events)
                .extracting(SaleEvent::getStatus)
                .containsExactly(OrderStatus.FULFILLED, OrderStatus.CANCELLED);
        assertThat(decision(f.merchant, f.orderId).path("lastStatus").asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void aRefundThatOvertookThePaidStatusIsAppliedRightAfterTheAttribution() throws Exception {
        Fixture f = fixture();
        publish(f.order(OrderStatus.REFUNDED, f.t0.plusSeconds(300))
                .setRefundedMinor(12550)
                .build());
        publish(f.order(OrderStatus.PAID, f.t0).build());

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 2);
        assertThat(events.get(0).getEvent()).isInstanceOf(SaleAttributed.class);
        assertThat(events.get(1).getStatus()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(events.get(1).getRefundedMinor()).isEqualTo(12550);
        assertThat(events.get(1).getEvent())
                .isInstanceOfSatisfying(
                        SaleStatusChanged.class,
                        c -> assertThat(c.getPreviousStatus()).isEqualTo(OrderStatus.PAID));
        assertThat(events).hasSize(2);
    }

    @Test
    void aFirstReportThatAlreadyCarriesARefundIsAttributedThenRefunded() throws Exception {
        // the order's first report: no earlier status or refund, so the only refunds to apply are its own
        Fixture f = fixture();
        publish(f.order(OrderStatus.PAID, f.t0)
                .setRefunds(List.of(refund("r-first", 2500)))
                .build());
        publish(f.order(OrderStatus.FULFILLED, f.t0.plusSeconds(60)).build());

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 3);
        assertThat(events.get(0).getEvent()).isInstanceOf(SaleAttributed.class);
        assertThat(events.get(1).getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(events.get(1).getRefunds()).extracting(Refund::getRefundId).containsExactly("r-first");
        assertThat(events.get(1).getRefundedMinor()).isEqualTo(2500);
        assertThat(events.get(2).getStatus()).isEqualTo(OrderStatus.FULFILLED);
        assertThat(events.get(2).getRefundedMinor()).isEqualTo(2500);
        assertThat(events).hasSize(3);
    }

    @Test
    void twoRefundsOfEqualAmountsAreTwoRefunds() throws Exception {
        Fixture f = fixture();
        publish(f.order(OrderStatus.PAID, f.t0).build());
        publish(f.refunds(f.t0.plusSeconds(60), refund("r-a", 3000)));
        publish(f.refunds(f.t0.plusSeconds(120), refund("r-b", 3000)));

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 3);
        assertThat(events.get(1).getRefunds()).extracting(Refund::getRefundId).containsExactly("r-a");
        assertThat(events.get(2).getRefunds()).extracting(Refund::getRefundId).containsExactly("r-a", "r-b");
        assertThat(events.get(2).getRefundedMinor()).isEqualTo(6000);
        assertThat(events).hasSize(3);
    }

    @Test
    void aRefundReportedAgainIsARepeatWhateverTheEventCarryingIt() throws Exception {
        Fixture f = fixture();
        publish(f.order(OrderStatus.PAID, f.t0).build());
        OrderReported first = f.refunds(f.t0.plusSeconds(60), refund("r-a", 3000));
        publish(first);
        publish(first); // the same event redelivered
        publish(f.refunds(f.t0.plusSeconds(70), refund("r-a", 3000))); // the shop re-sending the refund
        // an order update that lists it with a new one, then the final state: each brings one news
        publish(f.refunds(f.t0.plusSeconds(80), refund("r-a", 3000), refund("r-b", 2000)));
        publish(f.order(OrderStatus.REFUNDED, f.t0.plusSeconds(90))
                .setRefunds(List.of(refund("r-a", 3000), refund("r-b", 2000), refund("r-c", 7550)))
                .build());

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 4);
        assertThat(events).extracting(SaleEvent::getRefundedMinor).containsExactly(0L, 3000L, 5000L, 12550L);
        assertThat(events.get(3).getStatus()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(events).hasSize(4);
    }

    @Test
    void aRefundInAStaleReportIsStillPublishedAtTheSalesCurrentStatus() throws Exception {
        Fixture f = fixture();
        publish(f.refunds(f.t0.plusSeconds(60), refund("r-a", 1000))); // overtook the paid status
        publish(f.order(OrderStatus.PAID, f.t0).build());
        // older than the last status applied: its status is stale, its refund is news
        publish(f.refunds(f.t0.plusSeconds(30), refund("r-b", 2000)));
        publish(f.order(OrderStatus.FULFILLED, f.t0.plusSeconds(10)).build()); // stale, and nothing new

        List<SaleEvent> events = awaitSales(f.orderId, list -> list.size() >= 3);
        assertThat(events.get(0).getEvent()).isInstanceOf(SaleAttributed.class);
        assertThat(events.get(1).getRefunds()).extracting(Refund::getRefundId).containsExactly("r-a");
        assertThat(events.get(2).getStatus()).isEqualTo(OrderStatus.PARTLY_REFUNDED);
        assertThat(events.get(2).getOccurredAt()).isEqualTo(f.t0.plusSeconds(60));
        assertThat(events.get(2).getRefunds()).extracting(Refund::getRefundId).containsExactly("r-a", "r-b");
        assertThat(events.get(2).getRefundedMinor()).isEqualTo(3000);
        assertThat(decision(f.merchant, f.orderId).path("lastStatus").asString())
                .isEqualTo("PARTLY_REFUNDED");
        publish(f.order(OrderStatus.CANCELLED, f.t0.plusSeconds(400)).build()); // a marker: all before it was handled
        assertThat(awaitSales(f.orderId, list -> list.size() >= 4))
                .hasSize(4)
                .last()
                .extracting(SaleEvent::getStatus)
                .isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aSelfReferralIsPublishedFlaggedWithItsReason() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, "\"email\":\"Creator@Example.com\"");
        promoCode(influencer, "MYSELF10");
        String orderId = unique("order");

        publish(order(merchant, orderId, OrderStatus.PAID, Instant.now(), hints().setPromoCodes(List.of("MYSELF10")))
                .setBuyerEmailSha256(sha256("creator@example.com"))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent()).isInstanceOfSatisfying(SaleAttributed.class, a -> {
            assertThat(a.getInfluencerId()).isEqualTo(influencer);
            assertThat(a.getFraudFlag()).isEqualTo(SelfReferral.REASON);
        });
        assertThat(decision(merchant, orderId).path("fraudFlag").asString()).isEqualTo(SelfReferral.REASON);
    }

    @Test
    void anotherBuyerIsNotFlagged() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, "\"email\":\"creator@example.com\"");
        promoCode(influencer, "FRIENDS10");
        String orderId = unique("order");

        publish(order(merchant, orderId, OrderStatus.PAID, Instant.now(), hints().setPromoCodes(List.of("FRIENDS10")))
                .setBuyerEmailSha256(sha256("fan@example.com"))
                .build());

        assertThat(awaitFirstSale(orderId).getEvent())
                .isInstanceOfSatisfying(
                        SaleAttributed.class, a -> assertThat(a.getFraudFlag()).isNull());
    }

    private Fixture fixture() throws Exception {
        String merchant = unique("shop");
        String influencer = unique("inf");
        influencer(merchant, influencer, null);
        creatorIds(influencer, "creator-" + influencer);
        return new Fixture(merchant, influencer, unique("order"), Instant.parse("2026-05-01T10:00:00Z"));
    }

    private record Fixture(String merchant, String influencer, String orderId, Instant t0) {
        OrderReported.Builder order(OrderStatus status, Instant at) {
            return AttributionIntegrationTest.order(
                    merchant, orderId, status, at, hints().setCreatorId("creator-" + influencer));
        }

        /** A partial-refund report carrying these refunds, with its own event id. */
        OrderReported refunds(Instant at, Refund... refunds) {
            return order(OrderStatus.PARTLY_REFUNDED, at)
                    .setRefunds(List.of(refunds))
                    .setRefundedMinor(java.util.Arrays.stream(refunds)
                            .mapToLong(Refund::getAmountMinor)
                            .sum())
                    .build();
        }
    }

    private static Refund refund(String id, long amountMinor) {
        return Refund.newBuilder()
                .setRefundId(id)
                .setAmountMinor(amountMinor)
                .setOccurredAt(null)
                .build();
    }

    private static String sha256(String email) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8)));
    }
}
