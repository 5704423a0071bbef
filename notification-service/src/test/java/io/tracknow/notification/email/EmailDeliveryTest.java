package io.tracknow.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.notifications.NotificationChannel;
import io.tracknow.events.notifications.NotificationOutcome;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.notification.Events;
import io.tracknow.notification.NotificationServiceTest;
import io.tracknow.notification.triggers.SaleCommissionJoin;
import io.tracknow.schemas.Topics;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** E-mail through a real SMTP server (GreenMail): multipart text and HTML, retries while SMTP is down, quiet hours, the digest. */
class EmailDeliveryTest extends NotificationServiceTest {

    @Autowired
    DailyDigest digest;

    @Autowired
    SaleCommissionJoin join;

    @Autowired
    DatabaseClient db;

    @Test
    void mailsEachNotificationOnceAsTextAndHtmlInTheInfluencersLanguage() throws Exception {
        String influencer = newInfluencer();
        String address = influencer + "@example.org";
        contact(influencer, address, "en", null);
        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "USD", 1883))
                .get();

        await().atMost(Duration.ofSeconds(30)).until(() -> messagesTo(address).size() == 1);
        MimeMessage mail = messagesTo(address).getFirst();
        assertThat(mail.getSubject()).isEqualTo("You earned $18.83");
        assertThat(mail.getFrom()[0].toString()).contains("notifications@tracknow.io");
        List<String> types = new ArrayList<>();
        collect((Multipart) mail.getContent(), types);
        assertThat(types).anyMatch(t -> t.startsWith("text/plain")).anyMatch(t -> t.startsWith("text/html"));
        String raw = new String(mail.getInputStream().readAllBytes());
        assertThat(mail.getHeader("Message-ID")[0]).endsWith("@notifications.tracknow.io>");

        try (TopicProbe<NotificationSent> sent = TopicProbe.avro(Topics.NOTIFICATIONS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sent.values(n -> n.getInfluencerId().equals(influencer)
                                            && n.getChannel() == NotificationChannel.EMAIL)
                                    .size()
                            == 1);
            NotificationSent event = sent.values(
                            n -> n.getInfluencerId().equals(influencer) && n.getChannel() == NotificationChannel.EMAIL)
                    .getFirst();
            assertThat(event.getOutcome()).isEqualTo(NotificationOutcome.DELIVERED);
            assertThat(event.getAttempts()).isEqualTo(1);
        }
        assertThat(raw).isNotNull();
    }

    @Test
    void keepsRetryingWhileTheSmtpServerIsDownAndSendsExactlyOnceWhenItIsBack() throws Exception {
        String influencer = newInfluencer();
        String address = influencer + "@example.org";
        contact(influencer, address, "fr", null);
        smtp.stop();
        try {
            kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "XOF", 15000))
                    .get();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> emailRow(influencer).path("attempts").asInt() >= 2);
            JsonNode waiting = emailRow(influencer);
            assertThat(waiting.path("status").asString()).isEqualTo("PENDING");
            assertThat(waiting.path("lastError").asString()).contains("SMTP");
            assertThat(waiting.path("log"))
                    .allMatch(attempt -> attempt.path("outcome").asString().equals("RETRY"));
        } finally {
            smtp = startSmtp();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "DELIVERED".equals(emailRow(influencer).path("status").asString()));
        assertThat(messagesTo(address)).hasSize(1);
        assertThat(messagesTo(address)
                        .getFirst()
                        .getSubject()
                        .replace('\u00a0', ' ')
                        .replace('\u202f', ' '))
                .isEqualTo("Vous avez gagné 15 000 F CFA");
        JsonNode log = emailRow(influencer).path("log");
        assertThat(log.get(log.size() - 1).path("outcome").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void holdsAnEmailDuringQuietHoursAndSendsItWhenTheyEnd() throws Exception {
        String influencer = newInfluencer();
        String address = influencer + "@example.org";
        LocalTime now = LocalTime.now(ZoneId.of("Africa/Casablanca"));
        String window = "{\"start\":\"" + now.minusHours(1).withSecond(0).withNano(0) + "\",\"end\":\""
                + now.plusHours(1).withSecond(0).withNano(0) + "\"}";
        contact(influencer, address, "fr", window);
        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "EUR", 1000))
                .get();

        await().atMost(Duration.ofSeconds(30)).until(() -> !emailRow(influencer).isMissingNode());
        JsonNode held = emailRow(influencer);
        assertThat(held.path("status").asString()).isEqualTo("PENDING");
        assertThat(Instant.parse(held.path("nextAttemptAt").asString()))
                .isAfter(Instant.now().plusSeconds(30 * 60));
        assertThat(held.path("log").get(0).path("outcome").asString()).isEqualTo("HELD");
        assertThat(messagesTo(address)).isEmpty();
        assertThat(get("/api/influencers/" + influencer + "/notifications"))
                .as("the app is not held")
                .hasSize(1);

        // the window ends (here: the influencer drops it) and the worker finds the e-mail due
        contact(influencer, address, "fr", null);
        db.sql("UPDATE notifications SET next_attempt_at = now() WHERE influencer_id = :id AND channel = 'EMAIL'")
                .bind("id", influencer)
                .fetch()
                .rowsUpdated()
                .block();
        await().atMost(Duration.ofSeconds(30)).until(() -> messagesTo(address).size() == 1);
    }

    @Test
    void groupsTheDaysSalesIntoOneDigestEmailWhenTheInfluencerAsksForIt() throws Exception {
        String influencer = newInfluencer();
        String address = influencer + "@example.org";
        contact(influencer, address, "en", null);
        json(
                "PUT",
                "/api/influencers/" + influencer + "/preferences/sale-attributed/EMAIL",
                "{\"mode\":\"DIGEST\"}",
                200);
        kafka.send(Topics.SALES.name(), "k1", Events.saleAttributed(influencer, "order-1", 12550, "USD"))
                .get();
        kafka.send(Topics.SALES.name(), "k2", Events.saleAttributed(influencer, "order-2", 5000, "USD"))
                .get();
        kafka.send(Topics.SALES.name(), "k3", Events.saleAttributed(influencer, "order-3", 15000, "XOF"))
                .get();
        // no commission comes for these sales: their messages go once the wait for it is over
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            join.tellWithoutCommission(Instant.now().plus(Duration.ofMinutes(10)));
            return get("/api/influencers/" + influencer + "/notifications").size() == 3;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> emailRows(influencer).size() == 3);
        assertThat(emailRows(influencer))
                .allMatch(row -> row.path("status").asString().equals("DIGEST"));
        assertThat(messagesTo(address)).as("no e-mail per sale").isEmpty();

        digest.sendDue(Instant.now().plus(Duration.ofDays(2)));

        await().atMost(Duration.ofSeconds(30)).until(() -> messagesTo(address).size() == 1);
        MimeMessage mail = messagesTo(address).getFirst();
        assertThat(mail.getSubject()).startsWith("Your sales of ").endsWith("(3)");
        String text = textOf(mail);
        assertThat(text)
                .contains(
                        "order order-1 (demo-merchant): $125.50",
                        "order order-2 (demo-merchant): $50.00",
                        "Total: $175.50, F CFA");
        assertThat(emailRows(influencer))
                .allMatch(row -> row.path("status").asString().equals("DELIVERED"));
        assertThat(digest.sendDue(Instant.now().plus(Duration.ofDays(2))))
                .as("nothing left to send")
                .isZero();
        assertThat(messagesTo(address)).hasSize(1);
    }

    @Test
    void anAddressThatCannotBeParsedFailsAtOnceWithoutRetrying() throws Exception {
        String influencer = newInfluencer();
        // stored before validation existed, or edited by hand: the API itself refuses such an address (ContactApiTest)
        db.sql("INSERT INTO influencer_contacts (influencer_id, email, locale, time_zone, updated_at, updated_by)"
                        + " VALUES (:id, 'not an address@@', 'fr', 'UTC', now(), 'test')")
                .bind("id", influencer)
                .fetch()
                .rowsUpdated()
                .block();
        kafka.send(Topics.COMMISSIONS.name(), influencer, Events.accrued(influencer, "EUR", 1000))
                .get();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(emailRow(influencer).path("status").asString()));
        JsonNode failed = emailRow(influencer);
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.path("lastError").asString()).contains("invalid e-mail address");
    }

    private JsonNode emailRow(String influencer) throws Exception {
        List<JsonNode> rows = emailRows(influencer);
        return rows.isEmpty() ? JSON.missingNode() : rows.getFirst();
    }

    private List<JsonNode> emailRows(String influencer) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        get("/api/influencers/" + influencer + "/deliveries").forEach(row -> {
            if (row.path("channel").asString().equals("EMAIL")) {
                rows.add(row);
            }
        });
        return rows;
    }

    private static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equals(address));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static void collect(Multipart multipart, List<String> types) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart inner) {
                collect(inner, types);
            } else {
                types.add(part.getContentType());
            }
        }
    }

    private static String textOf(MimeMessage mail) throws Exception {
        List<String> texts = new ArrayList<>();
        textParts((Multipart) mail.getContent(), texts);
        return String.join("\n", texts).replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    private static void textParts(Multipart multipart, List<String> texts) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart inner) {
                textParts(inner, texts);
            } else if (part.getContentType().startsWith("text/plain")) {
                texts.add(part.getContent().toString());
            }
        }
    }
}
