package io.tracknow.messaging.inbox;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Remembers which events each consumer has applied. Claiming an event inside the transaction of its
 * effect makes a redelivery a no-op: the second claim finds the row and the effect is skipped.
 */
public class Inbox {

    private final DatabaseClient db;

    public Inbox(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Claims many events in one statement: the ids this consumer sees for the first time (now recorded);
     * an id given twice is claimed once. The set is the caller's to change.
     */
    public Mono<Set<String>> claimAll(String consumer, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.just(new HashSet<>());
        }
        return db.sql("INSERT INTO messaging.processed_events (consumer, event_id)"
                        + " SELECT :consumer, id FROM unnest(CAST(:eventIds AS text[])) AS id"
                        + " ON CONFLICT DO NOTHING RETURNING event_id")
                .bind("consumer", consumer)
                .bind("eventIds", new LinkedHashSet<>(eventIds).toArray(String[]::new))
                .map(row -> row.get("event_id", String.class))
                .all()
                .collect(HashSet::new, Set::add);
    }
}
