package io.tracknow.notification.email;

import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import io.tracknow.notification.contacts.Contacts;
import io.tracknow.notification.dispatch.Attempt;
import io.tracknow.notification.dispatch.Backoff;
import io.tracknow.notification.dispatch.Delivery;
import io.tracknow.notification.dispatch.DeliveryLog;
import io.tracknow.notification.dispatch.DeliveryLog.Outcome;
import io.tracknow.notification.dispatch.Payloads;
import io.tracknow.notification.templates.Amount;
import io.tracknow.notification.templates.EmailContent;
import io.tracknow.notification.templates.MessageRenderer;
import io.tracknow.notification.templates.Rendered;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The daily digest: an influencer who set sale e-mails to DIGEST gets one e-mail the next morning (at
 * {@code tracknow.notifications.digest.send-at}, their time) listing the day's sales and their totals per
 * currency, instead of one e-mail per sale. Each sale's notification ends DELIVERED (or FAILED) with the
 * digest. A group is claimed with {@code FOR UPDATE SKIP LOCKED}, so one replica sends it; a failed send
 * is retried with the same backoff as any e-mail.
 */
@Component
public class DailyDigest {

    private static final Logger logger = LoggerFactory.getLogger(DailyDigest.class);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final Contacts contacts;
    private final MessageRenderer renderer;
    private final EmailChannel email;
    private final DeliveryLog log;
    private final Clock clock;
    private final Backoff backoff;
    private final NotificationProperties properties;

    public DailyDigest(
            DatabaseClient db,
            TransactionalOperator transactions,
            Contacts contacts,
            MessageRenderer renderer,
            EmailChannel email,
            DeliveryLog log,
            Clock clock,
            NotificationProperties properties) {
        this.db = db;
        this.transactions = transactions;
        this.contacts = contacts;
        this.renderer = renderer;
        this.email = email;
        this.log = log;
        this.clock = clock;
        this.backoff = new Backoff(
                properties.delivery().backoffBase(), properties.delivery().backoffMax());
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${tracknow.notifications.delivery.poll-interval}")
    public void sendDue() {
        try {
            sendDue(clock.instant());
        } catch (RuntimeException e) {
            logger.warn("digest round stopped, next round retries: {}", e.toString());
        }
    }

    /** Sends every digest due at {@code now}; returns how many digests went out or were rescheduled. */
    public int sendDue(Instant now) {
        int handled = 0;
        while (handled < properties.delivery().batchSize()
                && Boolean.TRUE.equals(transactions.transactional(sendOne(now)).block(Duration.ofMinutes(2)))) {
            handled++;
        }
        return handled;
    }

    private record Row(Delivery delivery, LocalDate day) {}

    private Mono<Boolean> sendOne(Instant now) {
        return db.sql(
                        "SELECT influencer_id, digest_day FROM notifications WHERE status = 'DIGEST' AND next_attempt_at <= :now"
                                + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .bind("now", now)
                .map(row -> Map.entry(row.get("influencer_id", String.class), row.get("digest_day", LocalDate.class)))
                .one()
                .flatMap(group -> rows(group.getKey(), group.getValue())
                        .flatMap(rows -> contacts.find(group.getKey())
                                .flatMap(contact -> send(contact, group.getValue(), rows, now)))
                        .thenReturn(true))
                .defaultIfEmpty(false);
    }

    private Mono<List<Row>> rows(String influencer, LocalDate day) {
        return db.sql(
                        "SELECT * FROM notifications WHERE status = 'DIGEST' AND influencer_id = :influencer AND digest_day = :day"
                                + " ORDER BY created_at FOR UPDATE SKIP LOCKED")
                .bind("influencer", influencer)
                .bind("day", day)
                .map(row -> new Row(
                        new Delivery(
                                row.get("id", UUID.class),
                                influencer,
                                Channel.EMAIL,
                                row.get("event_type", String.class),
                                row.get("title", String.class),
                                row.get("body", String.class),
                                row.get("locale", String.class),
                                row.get("recipient", String.class),
                                row.get("payload", String.class),
                                row.get("attempts", Integer.class),
                                row.get("cause_event_id", String.class),
                                row.get("created_at", Instant.class)),
                        day))
                .all()
                .collectList();
    }

    private Mono<Void> send(Contact contact, LocalDate day, List<Row> rows, Instant now) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        Rendered digest = renderer.render("sales-digest", contact.locale(), contact.timeZone(), facts(day, rows));
        EmailContent content = renderer.email(digest.language(), digest.title(), digest.body());
        String to = contact.email() != null
                ? contact.email()
                : rows.getFirst().delivery().recipient();
        String messageId = "<digest-" + contact.influencerId() + "-" + day + "@notifications.tracknow.io>";
        int attempt = rows.getFirst().delivery().attempts() + 1;
        return email.send(to, content, messageId)
                .flatMap(outcome -> Flux.fromIterable(rows)
                        .concatMap(row -> record(row.delivery(), outcome, attempt, now))
                        .then());
    }

    private Mono<Void> record(Delivery delivery, Attempt outcome, int attempt, Instant now) {
        boolean giveUp = outcome.kind() == Attempt.Kind.FAILED
                || outcome.kind() == Attempt.Kind.RETRY
                        && attempt >= properties.email().maxAttempts();
        if (outcome.kind() == Attempt.Kind.DELIVERED || giveUp) {
            String status = giveUp ? "FAILED" : "DELIVERED";
            return db.sql(
                            "UPDATE notifications SET status = :status, attempts = :attempts, finished_at = :at, next_attempt_at = NULL,"
                                    + " last_error = :error WHERE id = :id")
                    .bind("status", status)
                    .bind("attempts", attempt)
                    .bind("at", now)
                    .bind("id", delivery.id())
                    .bind("error", giveUp ? outcome.error() : "sent in the daily digest")
                    .fetch()
                    .rowsUpdated()
                    .then(log.record(
                            delivery,
                            attempt,
                            giveUp ? Outcome.FAILED : Outcome.DELIVERED,
                            giveUp ? outcome.error() : null));
        }
        return db.sql(
                        "UPDATE notifications SET attempts = :attempts, next_attempt_at = :next, last_error = :error WHERE id = :id")
                .bind("attempts", attempt)
                .bind("next", now.plus(backoff.after(attempt)))
                .bind("error", outcome.error())
                .bind("id", delivery.id())
                .fetch()
                .rowsUpdated()
                .then(log.record(delivery, attempt, Outcome.RETRY, outcome.error()));
    }

    /** The day, the sales (order, merchant, total) and the totals per currency, from each sale's stored facts. */
    static Map<String, Object> facts(LocalDate day, List<Row> rows) {
        List<Map<String, Object>> sales = new ArrayList<>();
        Map<String, Long> totals = new TreeMap<>();
        for (Row row : rows) {
            JsonNode facts = Payloads.JSON
                    .readTree(row.delivery().payload())
                    .path("data")
                    .path("facts");
            JsonNode total = facts.path("total");
            Amount amount = new Amount(
                    total.path("minor").asLong(), total.path("currency").asString());
            totals.merge(amount.currency(), amount.minor(), Math::addExact);
            Map<String, Object> sale = new LinkedHashMap<>();
            sale.put("order", facts.path("order").asString());
            sale.put("merchant", facts.path("merchant").asString());
            sale.put("total", amount);
            sales.add(sale);
        }
        List<Map<String, Object>> sums = new ArrayList<>();
        List<String> currencies = new ArrayList<>(totals.keySet());
        for (int i = 0; i < currencies.size(); i++) {
            sums.add(Map.of(
                    "amount",
                    new Amount(totals.get(currencies.get(i)), currencies.get(i)),
                    "last",
                    i == currencies.size() - 1));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("day", day);
        facts.put("count", rows.size());
        facts.put("sales", sales);
        facts.put("totals", sums);
        return facts;
    }
}
