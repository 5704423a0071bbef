package io.tracknow.messaging.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.messaging.testapp.MessagingTestApplication;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A memo reads a key once per transaction (empty reads included), reads again in the next one, and
 * reads every time without a transaction: against the real database, counting the reads.
 */
@ServiceIntegrationTest(
        service = "messaging-test",
        classes = MessagingTestApplication.class,
        properties = {"spring.application.name=messaging-test", "spring.flyway.locations=classpath:db/messaging-test"})
class TransactionMemoTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    private final AtomicInteger reads = new AtomicInteger();

    /** "a" -> the backend's pid (so a value comes from the database), "none" -> nothing. */
    private final TransactionMemo<String, Integer> memo = new TransactionMemo<>(key -> {
        reads.incrementAndGet();
        return "none".equals(key)
                ? db.sql("SELECT 1 AS n WHERE false")
                        .map(row -> row.get("n", Integer.class))
                        .one()
                : db.sql("SELECT pg_backend_pid() AS n")
                        .map(row -> row.get("n", Integer.class))
                        .one();
    });

    @Test
    void readsAKeyOncePerTransactionAndAgainInTheNext() {
        List<Integer> first = transactions
                .transactional(Flux.range(0, 5).concatMap(i -> memo.get("a")).collectList())
                .block(Duration.ofSeconds(30));
        assertThat(first).hasSize(5).containsOnly(first.getFirst());
        assertThat(reads).hasValue(1);

        transactions.transactional(memo.get("a")).block(Duration.ofSeconds(30));
        assertThat(reads).as("a new transaction reads again").hasValue(2);
    }

    @Test
    void remembersThatAKeyHasNoValue() {
        int before = reads.get();
        List<Integer> found = transactions
                .transactional(
                        Flux.range(0, 3).concatMap(i -> memo.get("none")).collect(ArrayList<Integer>::new, List::add))
                .block(Duration.ofSeconds(30));
        assertThat(found).isEmpty();
        assertThat(reads.get() - before).isEqualTo(1);
    }

    @Test
    void readsEveryTimeWithoutATransaction() {
        int before = reads.get();
        Flux.range(0, 3).concatMap(i -> memo.get("a")).then().block(Duration.ofSeconds(30));
        assertThat(reads.get() - before).isEqualTo(3);
    }

    @Test
    void aValueRememberedAheadIsWhatTheTransactionGetsAndTheNextReadsAgain() {
        int before = reads.get();
        List<Integer> got = transactions
                .transactional(memo.remember("a", Mono.just(-7))
                        .then(memo.remember("none", Mono.empty()))
                        .thenMany(Flux.concat(memo.get("a"), memo.get("a"), memo.get("none")))
                        .collectList())
                .block(Duration.ofSeconds(30));
        assertThat(got).containsExactly(-7, -7);
        assertThat(reads.get() - before).as("nothing read for a remembered key").isZero();

        assertThat(transactions.transactional(memo.get("a")).block(Duration.ofSeconds(30)))
                .isNotEqualTo(-7);
        assertThat(reads.get() - before).isEqualTo(1);
    }

    @Test
    void remembersNothingWithoutATransaction() {
        int before = reads.get();
        memo.remember("a", Mono.just(-7)).block(Duration.ofSeconds(30));
        assertThat(memo.get("a").block(Duration.ofSeconds(30))).isNotEqualTo(-7);
        assertThat(reads.get() - before).isEqualTo(1);
    }
}
