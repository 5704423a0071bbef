package io.tracknow.notification.dispatch;

import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contacts;
import io.tracknow.notification.dispatch.DeliveryLog.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Sends the e-mails and webhooks that are due, one notification per transaction: the row is claimed
 * with {@code FOR UPDATE SKIP LOCKED} (so replicas never send the same one, and a crash mid-send leaves
 * it to be sent again), sent, and its outcome written with the attempt in the delivery log. A failed
 * attempt is retried later with exponential backoff and jitter until the channel's attempts run out;
 * the schedule lives in the table, so it survives a restart. An e-mail due inside the influencer's
 * quiet hours is held until they end.
 */
@Component
public class DeliveryWorker {

    private static final Logger logger = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final DeliveryLog log;
    private final Contacts contacts;
    private final Map<Channel, DeliveryChannel> senders = new EnumMap<>(Channel.class);
    private final Backoff backoff;
    private final Clock clock;
    private final NotificationProperties properties;

    public DeliveryWorker(
            DatabaseClient db,
            TransactionalOperator transactions,
            DeliveryLog log,
            Contacts contacts,
            List<DeliveryChannel> channels,
            Clock clock,
            NotificationProperties properties) {
        this.db = db;
        this.transactions = transactions;
        this.log = log;
        this.contacts = contacts;
        channels.forEach(channel -> senders.put(channel.channel(), channel));
        this.backoff = new Backoff(
                properties.delivery().backoffBase(), properties.delivery().backoffMax());
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${tracknow.notifications.delivery.poll-interval}")
    public void sendDue() {
        try {
            for (int i = 0; i < properties.delivery().batchSize(); i++) {
                Boolean sent = transactions.transactional(sendOne()).block(Duration.ofMinutes(2));
                if (!Boolean.TRUE.equals(sent)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            logger.warn("delivery round stopped, next round retries: {}", e.toString());
        }
    }

    /** Claims and sends one due notification; false when none is due. */
    Mono<Boolean> sendOne() {
        return db.sql("SELECT * FROM notifications WHERE status = 'PENDING' AND next_attempt_at <= :now"
                        + " AND channel IN (:channels) ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .bind("now", clock.instant())
                .bind("channels", senders.keySet().stream().map(Channel::name).toList())
                .map(row -> new Delivery(
                        row.get("id", UUID.class),
                        row.get("influencer_id", String.class),
                        Channel.valueOf(row.get("channel", String.class)),
                        row.get("event_type", String.class),
                        row.get("title", String.class),
                        row.get("body", String.class),
                        row.get("locale", String.class),
                        row.get("recipient", String.class),
                        row.get("payload", String.class),
                        row.get("attempts", Integer.class),
                        row.get("cause_event_id", String.class),
                        row.get("created_at", Instant.class)))
                .one()
                .flatMap(delivery -> attempt(delivery).thenReturn(true))
                .defaultIfEmpty(false);
    }

    private Mono<Void> attempt(Delivery delivery) {
        DeliveryChannel sender = senders.get(delivery.channel());
        Mono<Instant> allowed = sender.heldByQuietHours()
                ? contacts.find(delivery.influencerId())
                        .map(contact -> contact.quietHours().nextAllowed(clock.instant()))
                : Mono.just(clock.instant());
        return allowed.flatMap(at -> {
            if (at.isAfter(clock.instant())) {
                return reschedule(delivery.id(), delivery.attempts(), at, null)
                        .then(log.attempt(
                                delivery.id(),
                                delivery.channel(),
                                delivery.attempts(),
                                Outcome.HELD,
                                "quiet hours until " + at));
            }
            return sender.send(delivery)
                    .onErrorResume(e -> Mono.just(Attempt.retry(e.toString())))
                    .flatMap(outcome -> record(delivery, outcome).then(sender.afterAttempt(delivery, outcome)));
        });
    }

    private Mono<Void> record(Delivery delivery, Attempt outcome) {
        int attempt = delivery.attempts() + 1;
        DeliveryChannel sender = senders.get(delivery.channel());
        Attempt.Kind kind = outcome.kind() == Attempt.Kind.RETRY && attempt >= sender.maxAttempts()
                ? Attempt.Kind.FAILED
                : outcome.kind();
        String error = outcome.kind() == Attempt.Kind.RETRY && kind == Attempt.Kind.FAILED
                ? "gave up after " + attempt + " attempts: " + outcome.error()
                : outcome.error();
        return switch (kind) {
            case DELIVERED ->
                finish(delivery.id(), "DELIVERED", attempt, null)
                        .then(log.record(delivery, attempt, Outcome.DELIVERED, null));
            case FAILED ->
                finish(delivery.id(), "FAILED", attempt, error)
                        .then(log.record(delivery, attempt, Outcome.FAILED, error));
            case RETRY ->
                reschedule(delivery.id(), attempt, clock.instant().plus(backoff.after(attempt)), error)
                        .then(log.record(delivery, attempt, Outcome.RETRY, error));
        };
    }

    private Mono<Void> finish(UUID id, String status, int attempts, String error) {
        DatabaseClient.GenericExecuteSpec update = db.sql(
                        "UPDATE notifications SET status = :status, attempts = :attempts,"
                                + " last_error = :error, finished_at = :at, next_attempt_at = NULL WHERE id = :id")
                .bind("status", status)
                .bind("attempts", attempts)
                .bind("at", clock.instant())
                .bind("id", id);
        update = error == null
                ? update.bindNull("error", String.class)
                : update.bind("error", DeliveryLog.truncate(error));
        return update.fetch().rowsUpdated().then();
    }

    private Mono<Void> reschedule(UUID id, int attempts, Instant at, String error) {
        DatabaseClient.GenericExecuteSpec update = db.sql(
                        "UPDATE notifications SET attempts = :attempts, next_attempt_at = :at,"
                                + " last_error = :error WHERE id = :id")
                .bind("attempts", attempts)
                .bind("at", at)
                .bind("id", id);
        update = error == null
                ? update.bindNull("error", String.class)
                : update.bind("error", DeliveryLog.truncate(error));
        return update.fetch().rowsUpdated().then();
    }
}
