package io.tracknow.messaging.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.messaging.testapp.MessagingTestApplication;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;

/**
 * A poll's events whose key is theirs alone are written together in prepare and each takes its outcome
 * from that write; the others, and events without a transaction, write one at a time: against the real
 * database, recording each write.
 */
@ServiceIntegrationTest(
        service = "messaging-test",
        classes = MessagingTestApplication.class,
        properties = {"spring.application.name=messaging-test", "spring.flyway.locations=classpath:db/messaging-test"})
class PollWriteTest {

    /** An event: its id, the key it writes under. */
    record Event(String id, String key) {}

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    /** The ids of each write, in order. */
    private final List<List<String>> writes = new CopyOnWriteArrayList<>();

    /** Writes through the database (the backend's pid proves it ran there); no outcome for event "none". */
    private final PollWrite<Event, String> write = new PollWrite<>(
            events -> {
                writes.add(events.stream().map(Event::id).toList());
                return db.sql("SELECT pg_backend_pid() AS pid")
                        .map(row -> row.get("pid", Integer.class))
                        .one()
                        .map(pid -> {
                            Map<String, String> outcomes = new HashMap<>();
                            events.stream()
                                    .filter(e -> !e.id().equals("none"))
                                    .forEach(e -> outcomes.put(e.id(), e.id() + "@" + pid));
                            return outcomes;
                        });
            },
            Event::id,
            Event::key);

    @Test
    void thePollsLoneEventsAreWrittenTogetherAndTheOthersOneAtATime() {
        Event a = new Event("a", "k1");
        Event none = new Event("none", "k2");
        Event twice = new Event("twice", "k3");
        Event again = new Event("again", "k3");
        List<Event> poll = List.of(a, twice, none, again);

        List<String> outcomes = transactions
                .transactional(write.prepare(poll)
                        .thenMany(Flux.fromIterable(poll)
                                .concatMap(e -> write.outcome(e).defaultIfEmpty("-")))
                        .collectList())
                .block(Duration.ofSeconds(30));

        assertThat(writes).containsExactly(List.of("a", "none"), List.of("twice"), List.of("again"));
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(0)).startsWith("a@");
        assertThat(outcomes.get(1)).startsWith("twice@");
        assertThat(outcomes.get(2)).as("no outcome, and no write of its own").isEqualTo("-");
        assertThat(outcomes.get(3)).startsWith("again@");
    }

    @Test
    void aPollOfOneAndEventsWithoutATransactionWriteOnTheirOwn() {
        Event a = new Event("a", "k1");
        transactions
                .transactional(write.prepare(List.of(a)).then(write.outcome(a)))
                .block(Duration.ofSeconds(30));
        assertThat(writes).containsExactly(List.of("a"));

        writes.clear();
        Event b = new Event("b", "k2");
        Event c = new Event("c", "k3");
        String outcome = write.prepare(List.of(b, c)).then(write.outcome(b)).block(Duration.ofSeconds(30));
        assertThat(outcome).startsWith("b@");
        assertThat(writes)
                .as("without a transaction there is nothing to keep outcomes in: prepare writes nothing")
                .containsExactly(List.of("b"));
    }
}
