package io.tracknow.payment.payouts;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Starts the payout run on its schedule ({@code tracknow.payment.payouts.cron}, Fridays 09:00 by default) on every replica; the run's lock lets one through. */
@Component
class PayoutSchedule {

    private static final Logger log = LoggerFactory.getLogger(PayoutSchedule.class);

    private final PayoutRun run;
    private final Clock clock;

    PayoutSchedule(PayoutRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @Scheduled(cron = "${tracknow.payment.payouts.cron:0 0 9 * * FRI}", zone = "${tracknow.payment.payouts.zone:UTC}")
    void tick() {
        try {
            run.run(clock.instant());
        } catch (RuntimeException e) {
            log.warn("the payout run failed, the next one catches up: {}", e.toString());
        }
    }
}
