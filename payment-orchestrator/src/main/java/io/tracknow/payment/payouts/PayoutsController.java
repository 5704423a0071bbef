package io.tracknow.payment.payouts;

import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's payout desk: list payouts (by status), hold an influencer's payouts (the run leaves
 * them alone until released), retry a failed payout now instead of at the next run.
 */
@RestController
class PayoutsController {

    private final DatabaseClient db;
    private final Journal journal;
    private final PayoutAccounts accounts;
    private final PayoutRun run;
    private final Clock clock;

    PayoutsController(DatabaseClient db, Journal journal, PayoutAccounts accounts, PayoutRun run, Clock clock) {
        this.db = db;
        this.journal = journal;
        this.accounts = accounts;
        this.run = run;
        this.clock = clock;
    }

    @GetMapping("/api/payouts")
    Mono<List<Map<String, Object>>> list(Caller caller, @RequestParam(required = false) String status) {
        caller.requireOperator();
        String wanted = status == null ? null : status.toLowerCase(java.util.Locale.ROOT);
        if (wanted != null
                && java.util.Arrays.stream(TransactionStatus.values()).noneMatch(s -> s.db().equals(wanted))) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-status",
                    "Invalid status",
                    "status must be one of" + " pending, processing, completed, failed, refunded, review");
        }
        return db.sql(
                        "SELECT id, influencer_id, gateway, amount_minor, currency, status, failure_reason, period, updated_at"
                                + " FROM gateway_transactions WHERE kind = 'INFLUENCER_PAYOUT'"
                                + (wanted == null ? "" : " AND status = :status")
                                + " ORDER BY updated_at DESC LIMIT 500")
                .bindValues(wanted == null ? Map.of() : Map.of("status", wanted))
                .fetch()
                .all()
                .collectList();
    }

    record Hold(String reason) {}

    @PostMapping("/api/influencers/{influencerId}/payout-hold")
    Mono<Map<String, Object>> hold(
            Caller caller, @PathVariable String influencerId, @RequestBody(required = false) Hold hold) {
        caller.requireOperator();
        if (hold == null
                || hold.reason() == null
                || hold.reason().isBlank()
                || hold.reason().length() > 500) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-hold",
                    "Invalid hold",
                    "reason is required (at most 500 characters)");
        }
        return accounts.hold(influencerId, hold.reason().trim(), clock.instant(), caller.actor())
                .thenReturn(Map.of(
                        "influencerId",
                        influencerId,
                        "held",
                        true,
                        "reason",
                        hold.reason().trim()));
    }

    @DeleteMapping("/api/influencers/{influencerId}/payout-hold")
    Mono<Map<String, Object>> release(Caller caller, @PathVariable String influencerId) {
        caller.requireOperator();
        return accounts.release(influencerId).map(n -> Map.of("influencerId", influencerId, "held", false));
    }

    /**
     * The operator's "pay out now": the payout run at once instead of on Friday (the demo uses it);
     * answers the payouts it recorded as they stand after sending, keys suffixed {@code |now-<epoch millis>}.
     */
    @PostMapping("/api/payouts/run")
    Mono<List<Transaction>> runNow(Caller caller) {
        caller.requireOperator();
        java.time.Instant now = clock.instant();
        return Mono.fromCallable(() -> run.run(now, "now-" + now.toEpochMilli(), null))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(reactor.core.publisher.Flux::fromIterable)
                .concatMap(payout -> journal.find(payout.id()))
                .collectList();
    }

    /** A failed payout's commissions paid out now, in a new payout; 409 unless the payout failed. */
    @PostMapping("/api/payouts/{paymentId}/retry")
    Mono<List<Transaction>> retry(Caller caller, @PathVariable String paymentId) {
        caller.requireOperator();
        UUID id;
        try {
            id = UUID.fromString(paymentId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no-payout", "no payout " + paymentId);
        }
        return journal.find(id)
                .filter(p -> p.influencerId() != null)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no-payout", "no payout " + paymentId)))
                .flatMap(failed -> failed.status() != TransactionStatus.FAILED
                        ? Mono.error(new ApiProblem(
                                HttpStatus.CONFLICT,
                                "payout-not-failed",
                                "Not retryable",
                                "payout " + paymentId + " is " + failed.status().db()
                                        + "; only a failed payout is retried"))
                        : Mono.fromCallable(() -> run.run(clock.instant(), "retry-" + paymentId, failed.influencerId()))
                                .subscribeOn(Schedulers.boundedElastic()));
    }
}
