package io.tracknow.payment.debits;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Starts the debit run on its schedule ({@code tracknow.payment.debits.cron}, weekly by default) on every replica; the run's lock lets one through. */
@Component
class DebitSchedule {

    private static final Logger log = LoggerFactory.getLogger(DebitSchedule.class);

    private final DebitRun run;
    private final Clock clock;

    DebitSchedule(DebitRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @Scheduled(cron = "${tracknow.payment.debits.cron:0 0 6 * * MON}", zone = "${tracknow.payment.debits.zone:UTC}")
    void tick() {
        try {
            run.run(clock.instant());
        } catch (RuntimeException e) {
            log.warn("the debit run failed, the next one catches up: {}", e.toString());
        }
    }
}
