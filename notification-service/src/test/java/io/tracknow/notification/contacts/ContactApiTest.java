package io.tracknow.notification.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.Events;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.schemas.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The contact and preferences API: owner-only, every kind of bad input a 400 that changes nothing, and preferences obeyed. */
class ContactApiTest extends NotificationServiceTest {

    @Test
    void anInfluencerWeKnowNothingAboutReadsInFrenchWithNoEmail() throws Exception {
        JsonNode contact = get("/api/influencers/" + newInfluencer() + "/contact");
        assertThat(contact.path("locale").asString()).isEqualTo("fr");
        assertThat(contact.path("email").isNull()).isTrue();
        assertThat(contact.path("timeZone").asString()).isEqualTo("UTC");
    }

    @Test
    void theInfluencerSetsTheirOwnContactButNotAnothers() throws Exception {
        String influencer = newInfluencer();
        String token = influencerToken(influencer);
        String body = "{\"email\":\"awa@example.org\",\"locale\":\"en\",\"timeZone\":\"Africa/Abidjan\","
                + "\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"}}";
        HttpResponse<String> set = call("PUT", "/api/influencers/" + influencer + "/contact", token, body);
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode contact = JSON.readTree(call("GET", "/api/influencers/" + influencer + "/contact", token, null)
                .body());
        assertThat(contact.path("email").asString()).isEqualTo("awa@example.org");
        assertThat(contact.path("timeZone").asString()).isEqualTo("Africa/Abidjan");
        assertThat(contact.path("quietHours").path("start").asString()).isEqualTo("22:00");

        String other = newInfluencer();
        assertThat(call("PUT", "/api/influencers/" + other + "/contact", token, body)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/influencers/" + other + "/preferences", token, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("PUT", "/api/influencers/" + influencer + "/contact", null, body)
                        .statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/api/influencers/" + influencer + "/preferences", null, null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesEachKindOfBadContactWithA400AndChangesNothing() throws Exception {
        String influencer = newInfluencer();
        contact(influencer, "first@example.org", "en", null);
        Map<String, String> bad = Map.of(
                "{\"email\":\"not-an-address\",\"locale\":\"fr\"}", "invalid-email",
                "{\"email\":\"a@b@example.org\"}", "invalid-email",
                "{\"locale\":\"123\"}", "invalid-locale",
                "{\"timeZone\":\"Mars/Olympus\"}", "invalid-time-zone",
                "{\"quietHours\":{\"start\":\"22:00\"}}", "invalid-quiet-hours",
                "{\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}", "invalid-quiet-hours",
                "{\"quietHours\":{\"start\":\"07:00\",\"end\":\"07:00\"}}", "invalid-quiet-hours");
        for (var entry : bad.entrySet()) {
            HttpResponse<String> response =
                    call("PUT", "/api/influencers/" + influencer + "/contact", OPERATOR, entry.getKey());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.body()).as(entry.getKey()).contains(entry.getValue());
        }
        HttpResponse<String> malformed =
                call("PUT", "/api/influencers/" + influencer + "/contact", OPERATOR, "{\"email\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        JsonNode unchanged = get("/api/influencers/" + influencer + "/contact");
        assertThat(unchanged.path("email").asString()).isEqualTo("first@example.org");
        assertThat(unchanged.path("locale").asString()).isEqualTo("en");
    }

    @Test
    void refusesEachKindOfBadPreferenceWithA400() throws Exception {
        String base = "/api/influencers/" + newInfluencer() + "/preferences/";
        Map<String, String> bad = Map.of(
                "no-such-event/EMAIL|{\"mode\":\"OFF\"}", "unknown-event-type",
                "sale-attributed/PIGEON|{\"mode\":\"OFF\"}", "unknown-channel",
                "sale-attributed/EMAIL|{\"mode\":\"SOMETIMES\"}", "invalid-mode",
                "sale-attributed/EMAIL|{}", "invalid-mode",
                "commission-accrued/EMAIL|{\"mode\":\"DIGEST\"}", "digest-not-supported",
                "sale-attributed/IN_APP|{\"mode\":\"DIGEST\"}", "digest-not-supported");
        for (var entry : bad.entrySet()) {
            String[] parts = entry.getKey().split("\\|");
            HttpResponse<String> response = call("PUT", base + parts[0], OPERATOR, parts[1]);
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(response.body()).as(entry.getKey()).contains(entry.getValue());
        }
    }

    @Test
    void aChannelTurnedOffIsSuppressedAndSaysSoWhileTheOthersStillGo() throws Exception {
        String influencer = newInfluencer();
        String address = influencer + "@example.org";
        contact(influencer, address, "fr", null);
        json(
                "PUT",
                "/api/influencers/" + influencer + "/preferences/commission-accrued/email",
                "{\"mode\":\"off\"}",
                200);
        // more rows around it: the same type's in-app mode stated, another type's e-mail turned off
        json(
                "PUT",
                "/api/influencers/" + influencer + "/preferences/commission-accrued/in_app",
                "{\"mode\":\"immediate\"}",
                200);
        json(
                "PUT",
                "/api/influencers/" + influencer + "/preferences/commission-validated/email",
                "{\"mode\":\"off\"}",
                200);
        JsonNode preferences = get("/api/influencers/" + influencer + "/preferences");
        assertThat(preferences.path("preferences"))
                .anyMatch(p -> p.path("eventType").asString().equals("commission-accrued")
                        && p.path("channel").asString().equals("EMAIL")
                        && p.path("mode").asString().equals("OFF"));

        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "EUR", 1000))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        get("/api/influencers/" + influencer + "/deliveries").size() == 2);
        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sent.values(n -> n.getInfluencerId().equals(influencer))
                                    .size()
                            == 2);
            NotificationSent email = sent.values(
                            n -> n.getInfluencerId().equals(influencer) && n.getChannel() == NotificationChannel.EMAIL)
                    .getFirst();
            assertThat(email.getOutcome()).isEqualTo(NotificationOutcome.SUPPRESSED);
            assertThat(email.getDetail()).contains("preference");
            assertThat(sent.values(n ->
                            n.getInfluencerId().equals(influencer) && n.getChannel() == NotificationChannel.IN_APP))
                    .singleElement()
                    .extracting(NotificationSent::getOutcome)
                    .isEqualTo(NotificationOutcome.DELIVERED);
        }
        assertThat(smtp.getReceivedMessagesForDomain(address)).isEmpty();
        assertThat(get("/api/influencers/" + influencer + "/notifications")).hasSize(1);
    }

    @Test
    void anInAppMessageTurnedOffStaysOutOfTheFeed() throws Exception {
        String influencer = newInfluencer();
        json(
                "PUT",
                "/api/influencers/" + influencer + "/preferences/commission-validated/IN_APP",
                "{\"mode\":\"OFF\"}",
                200);
        var accrued = Events.accrued(influencer, "EUR", 1000);
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        kafka.send(
                        Topics.COMMISSIONS.name(),
                        influencer,
                        io.tracknow.messaging.testsupport.TestEvents.next(
                                accrued,
                                io.tracknow.events.commissions.CommissionValidated.newBuilder()
                                        .setInfluencerMinor(1000)
                                        .build()))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        get("/api/influencers/" + influencer + "/deliveries").size() == 2);
        assertThat(get("/api/influencers/" + influencer + "/notifications"))
                .singleElement()
                .matches(n -> n.path("template").asString().equals("commission-accrued"));
    }
}
