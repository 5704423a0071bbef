package io.tracknow.messaging.inbox;

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

    /** True when this consumer sees the event for the first time (and records it). */
    public Mono<Boolean> claim(String consumer, String eventId) {
        return db.sql("INSERT INTO messaging.processed_events (consumer, event_id) VALUES (:consumer, :eventId)"
                        + " ON CONFLICT DO NOTHING")
                .bind("consumer", consumer)
                .bind("eventId", eventId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }
}
