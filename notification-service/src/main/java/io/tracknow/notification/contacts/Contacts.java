package io.tracknow.notification.contacts;

import io.r2dbc.spi.Readable;
import io.tracknow.notification.config.NotificationProperties;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Influencer contacts and preferences as notification-service keeps them. An influencer we have no row
 * for reads in French, in the default time zone, has no e-mail, and gets everything at once.
 */
@Component
public class Contacts {

    private final DatabaseClient db;
    private final Clock clock;
    private final NotificationProperties properties;

    public Contacts(DatabaseClient db, Clock clock, NotificationProperties properties) {
        this.db = db;
        this.clock = clock;
        this.properties = properties;
    }

    public Contact defaults(String influencerId) {
        return new Contact(
                influencerId, null, properties.defaultLocale(), ZoneId.of(properties.defaultTimeZone()), null, null);
    }

    public Mono<Contact> find(String influencerId) {
        return db.sql("SELECT * FROM influencer_contacts WHERE influencer_id = :id")
                .bind("id", influencerId)
                .map(row -> contact(influencerId, row))
                .one()
                .defaultIfEmpty(defaults(influencerId));
    }

    private static Contact contact(String influencerId, Readable row) {
        return new Contact(
                influencerId,
                row.get("email", String.class),
                row.get("locale", String.class),
                ZoneId.of(row.get("time_zone", String.class)),
                row.get("quiet_start", LocalTime.class),
                row.get("quiet_end", LocalTime.class));
    }

    public Mono<Contact> save(Contact contact, String actor) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                        "INSERT INTO influencer_contacts (influencer_id, email, locale, time_zone,"
                                + " quiet_start, quiet_end, updated_at, updated_by) VALUES (:id, :email, :locale, :zone, :qs, :qe, :at, :by)"
                                + " ON CONFLICT (influencer_id) DO UPDATE SET email = excluded.email, locale = excluded.locale,"
                                + " time_zone = excluded.time_zone, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,"
                                + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("id", contact.influencerId())
                .bind("locale", contact.locale())
                .bind("zone", contact.timeZone().getId())
                .bind("at", clock.instant())
                .bind("by", actor);
        spec = contact.email() == null ? spec.bindNull("email", String.class) : spec.bind("email", contact.email());
        spec = contact.quietStart() == null
                ? spec.bindNull("qs", LocalTime.class)
                : spec.bind("qs", contact.quietStart());
        spec = contact.quietEnd() == null ? spec.bindNull("qe", LocalTime.class) : spec.bind("qe", contact.quietEnd());
        return spec.fetch().rowsUpdated().thenReturn(contact);
    }

    /** How to reach an influencer for one type of notification: their contact, and their mode per channel. */
    public record Reach(Contact contact, Map<Channel, Mode> modes) {}

    /** A question for {@link #reachAll}: this influencer, for this type of notification. */
    public record Ask(String influencerId, NotificationType type) {}

    /**
     * For each question, the influencer's contact ({@link #defaults} without a row) and their mode for
     * every channel of that type (IMMEDIATE without a row), read with one statement however many
     * questions: one row per stored preference, the contact's columns on each (or one row of NULLs),
     * numbered by the question it answers.
     */
    public Mono<Map<Ask, Reach>> reachAll(Collection<Ask> asks) {
        List<Ask> questions = List.copyOf(new LinkedHashSet<>(asks));
        if (questions.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT i.n AS asked, c.*, p.channel AS preference_channel, p.mode AS preference_mode"
                        + " FROM unnest(CAST(:ids AS text[]), CAST(:types AS text[])) WITH ORDINALITY AS i(id, type, n)"
                        + " LEFT JOIN influencer_contacts c ON c.influencer_id = i.id"
                        + " LEFT JOIN notification_preferences p ON p.influencer_id = i.id AND p.event_type = i.type")
                .bind("ids", questions.stream().map(Ask::influencerId).toArray(String[]::new))
                .bind(
                        "types",
                        questions.stream().map(ask -> ask.type().templateName()).toArray(String[]::new))
                .map(row -> {
                    Ask ask = questions.get(row.get("asked", Long.class).intValue() - 1);
                    String channel = row.get("preference_channel", String.class);
                    return new Answer(
                            ask,
                            row.get("influencer_id", String.class) == null
                                    ? defaults(ask.influencerId())
                                    : contact(ask.influencerId(), row),
                            channel == null ? null : Channel.valueOf(channel),
                            channel == null ? null : Mode.valueOf(row.get("preference_mode", String.class)));
                })
                .all()
                .collect(
                        () -> new HashMap<Ask, Reach>(),
                        (reaches, answer) -> reaches.computeIfAbsent(
                                        answer.ask(), ask -> new Reach(answer.contact(), everythingImmediate()))
                                .modes()
                                .putAll(answer.channel() == null ? Map.of() : Map.of(answer.channel(), answer.mode())));
    }

    /** One row of {@link #reachAll}: the contact, and one stored preference or none. */
    private record Answer(Ask ask, Contact contact, Channel channel, Mode mode) {}

    private static Map<Channel, Mode> everythingImmediate() {
        Map<Channel, Mode> modes = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            modes.put(channel, Mode.IMMEDIATE);
        }
        return modes;
    }

    /** Every stored preference of an influencer, keyed "type/CHANNEL". */
    public Mono<Map<String, Mode>> preferences(String influencerId) {
        return db.sql("SELECT event_type, channel, mode FROM notification_preferences WHERE influencer_id = :id")
                .bind("id", influencerId)
                .map(row -> Map.entry(
                        row.get("event_type", String.class) + "/" + row.get("channel", String.class),
                        Mode.valueOf(row.get("mode", String.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    public Mono<Void> setMode(String influencerId, NotificationType type, Channel channel, Mode mode, String actor) {
        return db.sql(
                        "INSERT INTO notification_preferences (influencer_id, event_type, channel, mode, updated_at, updated_by)"
                                + " VALUES (:id, :type, :channel, :mode, :at, :by) ON CONFLICT (influencer_id, event_type, channel)"
                                + " DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("id", influencerId)
                .bind("type", type.templateName())
                .bind("channel", channel.name())
                .bind("mode", mode.name())
                .bind("at", clock.instant())
                .bind("by", actor)
                .fetch()
                .rowsUpdated()
                .then();
    }
}
