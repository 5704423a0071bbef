package io.tracknow.notification.dispatch;

import io.tracknow.messaging.kafka.InvalidEventException;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.messaging.outbox.TraceContext;
import io.tracknow.messaging.tx.CommitQueue;
import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import io.tracknow.notification.contacts.Contacts;
import io.tracknow.notification.contacts.Contacts.Ask;
import io.tracknow.notification.contacts.Contacts.Reach;
import io.tracknow.notification.contacts.Mode;
import io.tracknow.notification.contacts.NotificationType;
import io.tracknow.notification.dispatch.DeliveryLog.Outcome;
import io.tracknow.notification.templates.MessageRenderer;
import io.tracknow.notification.templates.Rendered;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;

/**
 * Turns a cause into one notification per channel the influencer can be reached on, in their language,
 * inside the transaction of the consumed event: the in-app message is delivered at once; e-mail and
 * webhook messages wait for the delivery worker (e-mail until quiet hours end, a sale whose e-mail is set
 * to DIGEST until the daily digest); a channel turned OFF gets a SUPPRESSED row and event. The key
 * (cause event, channel) is unique, so a redelivered event writes and publishes nothing.
 *
 * <p>Inside a transaction, {@link #notify} only queues the cause: all the causes of the transaction (a
 * poll of events applied together) are written just before it commits, with one read of their contacts
 * and modes, one read per channel of their addresses, and one statement for all their notifications
 * and delivery-log rows; their outcomes go to the outbox, enlisted when the first cause is queued so that
 * it writes them in the same commit. So a poll of a hundred events costs a handful of statements, not
 * four or more per event. A cause that cannot be written (e.g. an amount in a currency that is not ISO
 * 4217) fails the commit, and the listener applies the poll again one event per transaction to find it.
 * Without a transaction the cause is written at once.
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
    /**
     * Each transaction's causes, written at its commit before the outbox's rows: it adds the outcomes'
     * events to the outbox during the commit, so it enlists the outbox when it joins a transaction.
     */
    private final CommitQueue<Queued> queue;

    public Notifier(
            DatabaseClient db,
            Contacts contacts,
            MessageRenderer renderer,
            DeliveryLog log,
            Outbox outbox,
            List<DeliveryChannel> channels,
            Clock clock,
            NotificationProperties properties) {
        this.db = db;
        this.contacts = contacts;
        this.renderer = renderer;
        this.log = log;
        this.queue = new CommitQueue<>(this::writeAll, Ordered.HIGHEST_PRECEDENCE, outbox::enlist, written -> {});
        this.channels = channels;
        this.clock = clock;
        this.properties = properties;
    }

    /** Queues the cause with the current transaction (written before it commits), or writes it now without one. */
    public Mono<Void> notify(Cause cause) {
        return Mono.deferContextual(
                context -> queue.add(new Queued(cause, context.getOrDefault(TraceContext.KEY, null))));
    }

    /** A cause waiting for its transaction's commit, and the trace its events continue. */
    private record Queued(Cause cause, String traceparent) {}

    /**
     * Writes the notifications of these causes, in their order: contacts and modes, each channel's
     * addresses, then every row and its delivery-log line in one statement; the final outcomes of the rows
     * written (a redelivered cause writes none) go to the outbox.
     */
    private Mono<Void> writeAll(List<Queued> queued) {
        if (queued.isEmpty()) {
            return Mono.empty();
        }
        return contacts.reachAll(queued.stream()
                        .map(q -> new Ask(q.cause().influencerId(), q.cause().type()))
                        .toList())
                .flatMap(reaches -> {
                    List<Contact> reached =
                            reaches.values().stream().map(Reach::contact).toList();
                    return Flux.fromIterable(channels)
                            .concatMap(channel -> channel.recipients(reached)
                                    .map(addresses -> Map.entry(channel.channel(), addresses)))
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                            .map(addresses -> rows(queued, reaches, addresses));
                })
                .flatMap(rows -> insert(rows)
                        .flatMap(written -> Flux.fromIterable(rows)
                                .filter(row -> row.outcome() != null
                                        && row.outcome().isFinal()
                                        && written.contains(row.delivery().id()))
                                .concatMap(row -> log.published(
                                                row.delivery(), row.outcome(), row.attempt(), row.error())
                                        .contextWrite(context -> row.traceparent() == null
                                                ? context
                                                : context.put(TraceContext.KEY, row.traceparent())))
                                .then()));
    }

    /** One notification to write, with its first delivery-log line when it has one (null outcome: none). */
    private record Row(
            Delivery delivery,
            String status,
            Instant due,
            LocalDate digestDay,
            boolean finished,
            Outcome outcome,
            int attempt,
            String error,
            String traceparent) {}

    private List<Row> rows(List<Queued> queued, Map<Ask, Reach> reaches, Map<Channel, Map<String, String>> addresses) {
        Instant now = clock.instant();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Queued q : queued) {
            Cause cause = q.cause();
            Reach reach = reaches.get(new Ask(cause.influencerId(), cause.type()));
            Rendered message = render(cause, reach.contact());
            add(rows, row(q, reach, message, Channel.IN_APP, null, null, now));
            for (DeliveryChannel channel : channels) {
                String address =
                        addresses.getOrDefault(channel.channel(), Map.of()).get(cause.influencerId());
                boolean selfReferential =
                        channel.channel() == Channel.WEBHOOK && cause.type() == NotificationType.WEBHOOK_DISABLED;
                if (address != null && !selfReferential) {
                    add(rows, row(q, reach, message, channel.channel(), address, channel, now));
                }
            }
        }
        return List.copyOf(rows.values());
    }

    /** The first of a (cause, channel) pair wins, as the unique key would have it. */
    private static void add(Map<String, Row> rows, Row row) {
        rows.putIfAbsent(row.delivery().causeEventId() + "/" + row.delivery().channel(), row);
    }

    private Rendered render(Cause cause, Contact contact) {
        try {
            return renderer.render(cause.type().templateName(), contact.locale(), contact.timeZone(), cause.facts());
        } catch (IllegalArgumentException e) {
            // an amount in a currency that is not ISO 4217: no retry can help, the event goes to the dead letters
            throw new InvalidEventException("cannot write notification "
                    + cause.type().templateName() + " of event " + cause.causeEventId() + ": " + e.getMessage());
        }
    }

    private Row row(
            Queued queued,
            Reach reach,
            Rendered message,
            Channel channel,
            String recipient,
            DeliveryChannel sender,
            Instant now) {
        Cause cause = queued.cause();
        Contact contact = reach.contact();
        Mode mode = reach.modes().get(channel);
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
        String traceparent = queued.traceparent();
        if (mode == Mode.OFF) {
            return new Row(
                    delivery,
                    "SUPPRESSED",
                    null,
                    null,
                    true,
                    Outcome.SUPPRESSED,
                    0,
                    "turned off by the influencer's preference",
                    traceparent);
        }
        if (channel == Channel.IN_APP) {
            return new Row(delivery, "DELIVERED", null, null, true, Outcome.DELIVERED, 1, null, traceparent);
        }
        if (mode == Mode.DIGEST && cause.type().digestible(channel)) {
            LocalDate day = cause.occurredAt().atZone(contact.timeZone()).toLocalDate();
            Instant due = day.plusDays(1)
                    .atTime(properties.digest().sendAt())
                    .atZone(contact.timeZone())
                    .toInstant();
            return new Row(delivery, "DIGEST", due, day, false, null, 0, null, traceparent);
        }
        Instant due = sender.heldByQuietHours() ? contact.quietHours().nextAllowed(now) : now;
        return due.isAfter(now)
                ? new Row(
                        delivery, "PENDING", due, null, false, Outcome.HELD, 0, "quiet hours until " + due, traceparent)
                : new Row(delivery, "PENDING", due, null, false, null, 0, null, traceparent);
    }

    /**
     * Every row and its delivery-log line in one statement; returns the ids written (a (cause, channel)
     * already there writes neither).
     */
    private Mono<Set<UUID>> insert(List<Row> rows) {
        if (rows.isEmpty()) {
            return Mono.just(Set.of());
        }
        ArrayNode json = Payloads.JSON.createArrayNode();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Delivery d = row.delivery();
            json.addObject()
                    .put("ord", i)
                    .put("id", d.id().toString())
                    .put("influencer_id", d.influencerId())
                    .put("channel", d.channel().name())
                    .put("template", d.eventType())
                    .put("title", d.title())
                    .put("body", d.body())
                    .put("cause_event_id", d.causeEventId())
                    .put("status", row.status())
                    .put("locale", d.language())
                    .put("recipient", d.recipient())
                    .put("payload", d.payload())
                    .put("next_attempt_at", row.due() == null ? null : row.due().toString())
                    .put(
                            "digest_day",
                            row.digestDay() == null ? null : row.digestDay().toString())
                    .put("finished", row.finished())
                    .put("outcome", row.outcome() == null ? null : row.outcome().name())
                    .put("attempt", row.attempt())
                    .put("error", row.error() == null ? null : DeliveryLog.truncate(row.error()));
        }
        return db.sql("WITH row AS (SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(ord int, id uuid,"
                        + " influencer_id text, channel text, template text, title text, body text, cause_event_id text,"
                        + " status text, locale text, recipient text, payload text, next_attempt_at timestamptz,"
                        + " digest_day date, finished boolean, outcome text, attempt int, error text)),"
                        + " written AS (INSERT INTO notifications (id, influencer_id, channel, template, event_type, title,"
                        + " body, cause_event_id, created_at, status, locale, recipient, payload, next_attempt_at, digest_day,"
                        + " finished_at) SELECT id, influencer_id, channel, template, template, title, body, cause_event_id,"
                        + " :at, status, locale, recipient, payload, next_attempt_at, digest_day,"
                        + " CASE WHEN finished THEN CAST(:at AS timestamptz) END FROM row ORDER BY ord"
                        + " ON CONFLICT (cause_event_id, channel) DO NOTHING RETURNING id),"
                        + " logged AS (INSERT INTO delivery_attempts (notification_id, channel, attempt, outcome, error, at)"
                        + " SELECT row.id, row.channel, row.attempt, row.outcome, row.error, :at FROM row"
                        + " JOIN written ON written.id = row.id WHERE row.outcome IS NOT NULL ORDER BY row.ord)"
                        + " SELECT id FROM written")
                .bind("rows", Payloads.JSON.writeValueAsString(json))
                .bind("at", rows.getFirst().delivery().createdAt())
                .map(row -> row.get("id", UUID.class))
                .all()
                .collect(HashSet::new, Set::add);
    }
}
