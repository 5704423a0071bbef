package io.tracknow.notification.inapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.messaging.testsupport.KeepAliveCheck;
import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import io.tracknow.messaging.testsupport.TestEvents;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.Events;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.schemas.Topics;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InAppFeedTest extends NotificationServiceTest {

    @Test
    void notifiesAnInfluencerWeKnowNothingAboutInFrenchInTheAppOnlyAndOnceWhateverTheRedeliveries() throws Exception {
        String influencer = newInfluencer();
        CommissionEvent accrued = Events.accrued(influencer, "MAD", 12345);
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> feed(influencer).size() == 1);
        JsonNode notification = feed(influencer).get(0);
        assertThat(notification.path("title").asString().replace('\u00a0', ' ').replace('\u202f', ' '))
                .isEqualTo("Vous avez gagné 123,45 MAD");
        assertThat(notification.path("body").asString()).contains("en attente jusqu'au 16 décembre 2026");
        assertThat(notification.path("channel").asString()).isEqualTo("IN_APP");
        assertThat(notification.path("causeEventId").asString()).isEqualTo(accrued.getEventId());

        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !sent.values(n -> n.getInfluencerId().equals(influencer))
                            .isEmpty());
            NotificationSent event =
                    sent.values(n -> n.getInfluencerId().equals(influencer)).getFirst();
            assertThat(event.getChannel()).isEqualTo(NotificationChannel.IN_APP);
            assertThat(event.getOutcome()).isEqualTo(NotificationOutcome.DELIVERED);
            assertThat(event.getCauseEventId()).isEqualTo(accrued.getEventId());
            assertThat(event.getTemplate()).isEqualTo("commission-accrued");
            assertThat(sent.values(n -> n.getInfluencerId().equals(influencer))).hasSize(1);
        }
        assertThat(get("/api/influencers/" + influencer + "/deliveries")).hasSize(1);
    }

    @Test
    void tellsEveryStepOfASaleItsCommissionAndThePayoutInTheInfluencersLanguage() throws Exception {
        String influencer = newInfluencer();
        contact(influencer, null, "en", null);
        SaleEvent sale = Events.saleAttributed(influencer, "987654321", 12550, "USD");
        CommissionEvent accrued = Events.accruedFor(sale, 1883);
        kafka.send(Topics.SALES.name(), "demo-merchant|TIKTOK_SHOP|987654321", sale)
                .get();
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        kafka.send(
                        Topics.COMMISSIONS.name(),
                        influencer,
                        TestEvents.next(
                                accrued,
                                CommissionReversed.newBuilder()
                                        .setInfluencerMinor(942)
                                        .setPlatformMinor(314)
                                        .setReason(ReversalReason.PARTLY_REFUNDED)
                                        .build()))
                .get();
        kafka.send(
                        Topics.COMMISSIONS.name(),
                        influencer,
                        TestEvents.next(
                                accrued,
                                CommissionValidated.newBuilder()
                                        .setInfluencerMinor(941)
                                        .build()))
                .get();
        kafka.send(Topics.PAYMENTS.name(), "pay-1", Events.payout(influencer, PaymentStatus.INITIATED, 941, "USD"))
                .get();
        kafka.send(Topics.PAYMENTS.name(), "pay-1", Events.payout(influencer, PaymentStatus.SUCCEEDED, 941, "USD"))
                .get();

        await().atMost(Duration.ofSeconds(30)).until(() -> feed(influencer).size() == 6);
        List<String> titles = new ArrayList<>();
        feed(influencer).forEach(n -> titles.add(n.path("title").asString()));
        assertThat(titles)
                .containsExactlyInAnyOrder(
                        "New sale: $125.50, you earn $18.83",
                        "You earned $18.83",
                        "$9.42 taken back",
                        "$9.41 is now available",
                        "Payout of $9.41 on its way",
                        "Payout of $9.41 completed");
    }

    @Test
    void anEventItCanNeverWriteGoesToTheDeadLettersAndTheNextOneIsNotified() throws Exception {
        String influencer = newInfluencer();
        CommissionEvent poison = CommissionEvent.newBuilder(Events.accrued(influencer, "USD", 100))
                .setCurrency("ZZZ")
                .build();
        try (TopicProbe<byte[]> dead = TopicProbe.raw(Topics.dlq(Topics.COMMISSIONS.name()))) {
            kafka.send(Topics.COMMISSIONS.name(), influencer, poison).get();
            kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 1883))
                    .get();
            await().atMost(Duration.ofSeconds(30)).until(() -> feed(influencer).size() == 1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dead.records().stream()
                            .anyMatch(r -> influencer.equals(String.valueOf(
                                    r.key() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r.key()))));
        }
        assertThat(feed(influencer).get(0).path("title").asString().replace('\u00a0', ' '))
                .isEqualTo("Vous avez gagné 18,83 $US");
    }

    @Test
    void pagesTheFeedNewestFirstCountsUnreadAndMarksReadForTheInfluencerAlone() throws Exception {
        String influencer = newInfluencer();
        for (int i = 1; i <= 3; i++) {
            kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "XOF", 1000L * i))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> feed(influencer).size() == 3);
        String token = influencerToken(influencer);
        String base = "/api/influencers/" + influencer + "/notifications";

        HttpResponse<String> first = call("GET", base + "?page=0&size=2", token, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Total-Count")).hasValue("3");
        JsonNode page0 = JSON.readTree(first.body());
        JsonNode page1 =
                JSON.readTree(call("GET", base + "?page=1&size=2", token, null).body());
        assertThat(page0).hasSize(2);
        assertThat(page1).hasSize(1);
        assertThat(page0.get(0).path("seq").asLong())
                .isGreaterThan(page0.get(1).path("seq").asLong());
        assertThat(page0.get(1).path("seq").asLong())
                .isGreaterThan(page1.get(0).path("seq").asLong());
        assertThat(unread(influencer, token)).isEqualTo(3);

        String id = page0.get(0).path("id").asString();
        assertThat(call("POST", base + "/" + id + "/read", token, null).statusCode())
                .isEqualTo(204);
        assertThat(call("POST", base + "/" + id + "/read", token, null).statusCode())
                .isEqualTo(204);
        assertThat(unread(influencer, token)).isEqualTo(2);
        assertThat(JSON.readTree(call("POST", base + "/read-all", token, null).body())
                        .path("marked")
                        .asLong())
                .isEqualTo(2);
        assertThat(unread(influencer, token)).isZero();

        String other = newInfluencer();
        String othersToken = influencerToken(other);
        assertThat(call("GET", base, othersToken, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", base + "/" + id + "/read", othersToken, null).statusCode())
                .isEqualTo(404);
        assertThat(call("POST", "/api/influencers/" + other + "/notifications/" + id + "/read", othersToken, null)
                        .statusCode())
                .as("another influencer's notification under one's own id")
                .isEqualTo(404);
        assertThat(call("GET", base, null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", base + "/unread-count", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", base, "tnk_unknown", null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesPagingItCannotServe() throws Exception {
        String base = "/api/influencers/" + newInfluencer() + "/notifications";
        for (String query : List.of("?size=0", "?size=201", "?page=-1", "?page=x")) {
            HttpResponse<String> response = call("GET", base + query, OPERATOR, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).contains("invalid-paging");
        }
        assertThat(call("POST", base + "/not-a-uuid/read", OPERATOR, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void streamsNewNotificationsAsServerSentEvents() throws Exception {
        String influencer = newInfluencer();
        String token = influencerToken(influencer);
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port() + "/api/influencers/" + influencer + "/notifications/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception closed) {
                // the test closes the stream
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith(":")));
            kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "EUR", 500))
                    .get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("Vous avez gagn")));
            assertThat(lines).anyMatch(l -> l.equals("event:notification"));
            assertThat(lines).anyMatch(l -> l.startsWith("id:"));
        } finally {
            response.body().close();
            reader.interrupt();
            client.close();
        }
        assertThat(call(
                                "GET",
                                "/api/influencers/" + influencer + "/notifications/stream",
                                influencerToken(newInfluencer()),
                                null)
                        .statusCode())
                .isEqualTo(404);
    }

    /*
     * Apps and the ingress in front of the API reuse connections: every request on a kept-alive connection
     * is answered, also one that arrives while a feed query is still being answered from a database thread
     * (docs/architecture.md, "The keep-alive hang").
     */
    @Test
    void theNotificationsApiAnswersRequestsPipelinedBehindIt() throws Exception {
        KeepAliveCheck.onPort(port()).pipelinedBehind(notificationsOfANewInfluencer());
    }

    @Test
    void theNotificationsApiAnswersHundredsOfRequestsOneAfterTheOtherOnOneConnection() throws Exception {
        KeepAliveCheck.onPort(port()).oneAfterAnother(notificationsOfANewInfluencer(), 300);
    }

    private static Exchange notificationsOfANewInfluencer() {
        return Exchange.get("/api/influencers/" + newInfluencer() + "/notifications", 200)
                .withHeader("Authorization", "Bearer " + OPERATOR);
    }

    private long unread(String influencer, String token) throws Exception {
        return JSON.readTree(call("GET", "/api/influencers/" + influencer + "/notifications/unread-count", token, null)
                        .body())
                .path("unread")
                .asLong();
    }

    private JsonNode feed(String influencer) throws Exception {
        return get("/api/influencers/" + influencer + "/notifications");
    }
}
