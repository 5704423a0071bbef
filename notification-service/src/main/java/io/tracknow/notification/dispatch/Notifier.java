package io.tracknow.notification.dispatch;

import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import io.tracknow.notification.contacts.Contacts;
import io.tracknow.notification.contacts.Mode;
import io.tracknow.notification.contacts.NotificationType;
import io.tracknow.notification.dispatch.DeliveryLog.Outcome;
import io.tracknow.notification.templates.MessageRenderer;
import io.tracknow.notification.templates.Rendered;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a cause into one notification per channel the influencer can be reached on, in their language,
 * inside the transaction of the consumed event: the in-app message is delivered at once; e-mail and
 * webhook messages wait for the delivery worker (e-mail until quiet hours end, a sale whose e-mail is set
 * to DIGEST until the daily digest); a channel turned OFF gets a SUPPRESSED row and event. The key
 * (cause event, channel) is unique, so a redelivered event writes and publishes nothing.
 */
@Component
public class Notifier {

    private final DatabaseClient db;
    private final Contacts contacts;
    private final MessageRenderer renderer;
    private final DeliveryLog log;
    private final List<DeliveryChannel> channels;
    private final Clock clock;
    private final NotificationProperties properties;

    public Notifier(
            DatabaseClient db,
            Contacts contacts,
            MessageRenderer renderer,
            DeliveryLog log,
            List<DeliveryChannel> channels,
            Clock clock,
            NotificationProperties properties) {
        this.db = db;
        this.contacts = contacts;
        this.renderer = renderer;
        this.log = log;
        this.channels = channels;
        this.clock = clock;
        this.properties = properties;
    }

    public Mono<Void> notify(Cause cause) {
        return contacts.reach(cause.influencerId(), cause.type())
                .flatMap(reach -> notify(cause, reach.contact(), reach.modes()));
    }

    private Mono<Void> notify(Cause cause, Contact contact, Map<Channel, Mode> modes) {
        Rendered message;
        try {
            message = renderer.render(cause.type().templateName(), contact.locale(), contact.timeZone(), cause.facts());
        } catch (IllegalArgumentException e) {
            // an amount in a currency that is not ISO 4217: no retry can help, the event goes to the dead letters
            throw new InvalidEventException("cannot write notification "
                    + cause.type().templateName() + " of event " + cause.causeEventId() + ": " + e.getMessage());
        }
        Mono<Void> inApp = write(cause, contact, message, Channel.IN_APP, null, modes.get(Channel.IN_APP), null);
        Flux<Void> others = Flux.fromIterable(channels)
                .filter(channel ->
                        !(channel.channel() == Channel.WEBHOOK && cause.type() == NotificationType.WEBHOOK_DISABLED))
                .concatMap(channel -> channel.recipient(contact)
                        .flatMap(recipient -> recipient
                                .map(address -> write(
                                        cause,
                                        contact,
                                        message,
                                        channel.channel(),
                                        address,
                                        modes.get(channel.channel()),
                                        channel))
                                .orElse(Mono.empty())));
        return inApp.thenMany(others).then();
    }

    private Mono<Void> write(
            Cause cause,
            Contact contact,
            Rendered message,
            Channel channel,
            String recipient,
            Mode mode,
            DeliveryChannel sender) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        Delivery delivery = new Delivery(
                id,
                cause.influencerId(),
                channel,
                cause.type().templateName(),
                message.title(),
                message.body(),
                message.language(),
                recipient,
                Payloads.of(id, cause, message.language(), message.title(), message.body()),
                0,
                cause.causeEventId(),
                now);
        String status;
        Instant due = null;
        LocalDate digestDay = null;
        Optional<String> held = Optional.empty();
        if (mode == Mode.OFF) {
            status = "SUPPRESSED";
        } else if (channel == Channel.IN_APP) {
            status = "DELIVERED";
        } else if (mode == Mode.DIGEST && cause.type().digestible(channel)) {
            status = "DIGEST";
            digestDay = cause.occurredAt().atZone(contact.timeZone()).toLocalDate();
            due = digestDay
                    .plusDays(1)
                    .atTime(properties.digest().sendAt())
                    .atZone(contact.timeZone())
                    .toInstant();
        } else {
            status = "PENDING";
            due = sender.heldByQuietHours() ? contact.quietHours().nextAllowed(now) : now;
            if (due.isAfter(now)) {
                held = Optional.of("quiet hours until " + due);
            }
        }
        boolean finished = status.equals("SUPPRESSED") || status.equals("DELIVERED");
        DatabaseClient.GenericExecuteSpec insert = db.sql(
                        "INSERT INTO notifications (id, influencer_id, channel, template,"
                                + " event_type, title, body, cause_event_id, created_at, status, locale, recipient, payload,"
                                + " next_attempt_at, digest_day, finished_at) VALUES (:id, :influencer, :channel, :type, :type, :title,"
                                + " :body, :cause, :at, :status, :locale, :recipient, :payload, :due, :day, :finished)"
                                + " ON CONFLICT (cause_event_id, channel) DO NOTHING")
                .bind("id", id)
                .bind("influencer", cause.influencerId())
                .bind("channel", channel.name())
                .bind("type", cause.type().templateName())
                .bind("title", message.title())
                .bind("body", message.body())
                .bind("cause", cause.causeEventId())
                .bind("at", now)
                .bind("status", status)
                .bind("locale", message.language())
                .bind("payload", delivery.payload());
        insert = recipient == null ? insert.bindNull("recipient", String.class) : insert.bind("recipient", recipient);
        insert = due == null ? insert.bindNull("due", Instant.class) : insert.bind("due", due);
        insert = digestDay == null ? insert.bindNull("day", LocalDate.class) : insert.bind("day", digestDay);
        insert = finished ? insert.bind("finished", now) : insert.bindNull("finished", Instant.class);
        Optional<String> holdReason = held;
        return insert.fetch().rowsUpdated().flatMap(rows -> {
            if (rows == 0) {
                return Mono.empty();
            }
            return switch (status) {
                case "SUPPRESSED" ->
                    log.record(delivery, 0, Outcome.SUPPRESSED, "turned off by the influencer's preference");
                case "DELIVERED" -> log.record(delivery, 1, Outcome.DELIVERED, null);
                default ->
                    holdReason
                            .map(reason -> log.attempt(id, channel, 0, Outcome.HELD, reason))
                            .orElse(Mono.empty());
            };
        });
    }
}
