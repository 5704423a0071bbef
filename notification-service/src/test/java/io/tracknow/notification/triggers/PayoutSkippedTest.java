package io.tracknow.notification.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * payment-orchestrator's weekly payout run skips an influencer who has no payout account in the currency
 * and says so on payments.v1; the influencer is told to add one. The event is built here field by field as
 * payment-orchestrator builds it (PayoutRun.skip → Journal.skipped → PaymentEvents.of, then status SKIPPED).
 */
class PayoutSkippedTest extends NotificationServiceTest {

    @Test
    void theRunsSkippedPayoutTellsTheInfluencerToAddAnAccount() throws Exception {
        String influencer = newInfluencer();
        String week = "2026-W49";
        String key = "payout|" + influencer + "|" + week + "|XOF";
        Instant now = Instant.now();
        PaymentEvent skipped = PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now)
                .setPaymentId(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setKind(PaymentKind.INFLUENCER_PAYOUT)
                .setStatus(PaymentStatus.SKIPPED)
                .setMerchantId(null)
                .setInfluencerId(influencer)
                .setAmountMinor(15000)
                .setCurrency("XOF")
                .setGateway("none")
                .setExternalReference(null)
                // PayoutRun.skip: "no payout account in " + currency (pinned as Triggers.NO_PAYOUT_ACCOUNT)
                .setFailureReason("no payout account in XOF")
                .setCommissionIds(List.of("c-1", "c-2"))
                .setFeesMinor(0)
                .setIdempotencyKey(key)
                .setPeriod(week)
                .build();
        assertThat(skipped.getFailureReason()).startsWith(Triggers.NO_PAYOUT_ACCOUNT);

        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            kafka.send(Topics.PAYMENTS.name(), skipped.getPaymentId(), skipped).get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get("/api/influencers/" + influencer + "/notifications")
                                    .size()
                            == 1);
            JsonNode told =
                    get("/api/influencers/" + influencer + "/notifications").get(0);
            assertThat(told.path("template").asString()).isEqualTo("payout-skipped");
            assertThat(told.path("title").asString().replace('\u00a0', ' ').replace('\u202f', ' '))
                    .isEqualTo("Ajoutez un compte de paiement pour recevoir 15 000 F CFA");
            assertThat(told.path("causeEventId").asString()).isEqualTo(skipped.getEventId());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !sent.values(n -> n.getInfluencerId().equals(influencer))
                            .isEmpty());
            NotificationSent event =
                    sent.values(n -> n.getInfluencerId().equals(influencer)).getFirst();
            assertThat(event.getTemplate()).isEqualTo("payout-skipped");
            assertThat(event.getOutcome()).isEqualTo(NotificationOutcome.DELIVERED);
        }
    }
}
