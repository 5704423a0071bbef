package io.tracknow.commission.lifecycle;

import io.tracknow.commission.config.CommissionProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Ends the hold: a commission pending past its holdUntil (the merchant's hold period after the
 * payment, 14 days by default) is validated, pending → available, with CommissionValidated. The
 * database is the source of truth, not a timer: every replica polls, claims due rows with FOR UPDATE
 * SKIP LOCKED and moves them out of PENDING in the same transaction, so each commission is validated
 * exactly once across replicas, and after downtime the next poll catches up on everything due.
 */
@Component
public class HoldJob {

    private static final Logger log = LoggerFactory.getLogger(HoldJob.class);

    private final CommissionStore commissions;
    private final StepRecorder recorder;
    private final TransactionalOperator transactions;
    private final Clock clock;
    private final int batchSize;

    public HoldJob(
            CommissionStore commissions,
            StepRecorder recorder,
            TransactionalOperator transactions,
            Clock clock,
            CommissionProperties properties) {
        this.commissions = commissions;
        this.recorder = recorder;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = properties.hold().batchSize();
    }

    @Scheduled(fixedDelayString = "${tracknow.commission.hold.poll-interval:30s}")
    public void tick() {
        try {
            while (validateDue() == batchSize) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            log.warn("validating commissions failed, will retry: {}", e.toString());
        }
    }

    /** Validates one batch of due commissions in one transaction; returns how many. */
    public int validateDue() {
        Instant now = clock.instant();
        Mono<Integer> batch = commissions
                .claimDue(now, batchSize)
                .concatMap(c -> Mono.justOrEmpty(Lifecycle.validate(c, now))
                        .flatMap(step -> recorder.record(step, now))
                        .thenReturn(1))
                .count()
                .map(Long::intValue);
        Integer count = transactions.transactional(batch).block(Duration.ofMinutes(2));
        return count == null ? 0 : count;
    }
}
