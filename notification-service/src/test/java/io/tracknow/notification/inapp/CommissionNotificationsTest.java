package io.tracknow.notification.inapp;

import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionPaidOut;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.testsupport.KeepAliveCheck;
import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import io.tracknow.messaging.testsupport.ServiceUnderTest;
import io.tracknow.messaging.testsupport.TestEvents;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.NotificationApplication;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

@ServiceIntegrationTest(service = "notification-service", classes = NotificationApplication.class, properties = {NotificationApplication.CONFIG, "tracknow.api.operator-token=test-operator-token"})
class CommissionNotificationsTest {

    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    Environment environment;
    @Autowired
    MeterRegistry meters;

    @Test
    void notifiesTheInfluencerInAppOnceAndPublishesThatItWasDelivered() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        CommissionEvent accrued = accrued(influencer, "MAD", 12345, Instant.parse("2026-12-07T10:00:00Z"));
        double before = handled();
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 2 && notifications(influencer).size() == 1);
        JsonNode notification = notifications(influencer).get(0);
        assertThat(notification.path("title").asString()).isEqualTo("You earned 123.45 MAD");
        assertThat(notification.path("body").asString()).contains("pending until 2026-12-07");
        assertThat(notification.path("channel").asString()).isEqualTo("IN_APP");
        assertThat(notification.path("causeEventId").asString()).isEqualTo(accrued.getEventId());

        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !sent.values(n -> n.getInfluencerId().equals(influencer)).isEmpty());
            NotificationSent event = sent.values(n -> n.getInfluencerId().equals(influencer)).getFirst();
            assertThat(event.getChannel()).isEqualTo(NotificationChannel.IN_APP);
            assertThat(event.getOutcome()).isEqualTo(NotificationOutcome.DELIVERED);
            assertThat(event.getCauseEventId()).isEqualTo(accrued.getEventId());
            assertThat(sent.values(n -> n.getInfluencerId().equals(influencer))).hasSize(1);
        }
    }

    @Test
    void tellsTheInfluencerWhenTheCommissionIsValidatedTakenBackAndPaidOut() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        CommissionEvent accrued = accrued(influencer, "USD", 1883, Instant.now());
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, TestEvents.next(accrued, CommissionReversed.newBuilder().setInfluencerMinor(942)
                .setPlatformMinor(314).setReason(ReversalReason.PARTLY_REFUNDED).build())).get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, TestEvents.next(accrued, CommissionValidated.newBuilder().setInfluencerMinor(941).build())).get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, TestEvents.next(accrued, CommissionPaidOut.newBuilder().setInfluencerMinor(941)
                .setPaymentId("pay-1").build())).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> notifications(influencer).size() == 4);
        List<String> titles = new java.util.ArrayList<>();
        notifications(influencer).forEach(n -> titles.add(n.path("title").asString()));
        assertThat(titles).containsExactlyInAnyOrder("You earned 18.83 USD", "9.42 USD taken back",
                "9.41 USD is now available", "9.41 USD paid out");
    }

    @Test
    void formatsAmountsWithTheCurrencysOwnDigits() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued(influencer, "XOF", 1500, Instant.now())).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> notifications(influencer).size() == 1);
        assertThat(notifications(influencer).get(0).path("title").asString()).isEqualTo("You earned 1500 XOF");
    }

    /*
     * Apps and the ingress in front of the API reuse connections: the two tests below prove that every
     * request on a kept-alive connection is answered, also one that arrives while a notifications query
     * is still being answered from a database thread (docs/architecture.md, "The keep-alive hang").
     */
    @Test
    void theNotificationsApiAnswersRequestsPipelinedBehindIt() throws Exception {
        KeepAliveCheck.onPort(port()).pipelinedBehind(notificationsOfANewInfluencer());
    }

    @Test
    void theNotificationsApiAnswersHundredsOfRequestsOneAfterTheOtherOnOneConnection() throws Exception {
        KeepAliveCheck.onPort(port()).oneAfterAnother(notificationsOfANewInfluencer(), 300);
    }

    /** {@code GET} of a database-backed route, answered 200 after the query. */
    private static Exchange notificationsOfANewInfluencer() {
        return Exchange.get("/api/influencers/inf-" + UUID.randomUUID() + "/notifications", 200)
                .withHeader("Authorization", "Bearer test-operator-token");
    }

    private int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    private double handled() {
        return service().handled("notification.commissions");
    }

    private JsonNode notifications(String influencer) throws Exception {
        return service().getJson("/api/influencers/" + influencer + "/notifications");
    }

    private ServiceUnderTest service() {
        return new ServiceUnderTest(environment, meters);
    }

    private static CommissionEvent accrued(String influencer, String currency, long influencerMinor, Instant holdUntil) {
        return TestEvents.commissionAccrued(influencer, "m-1", currency, influencerMinor, influencerMinor / 2, holdUntil);
    }
}
