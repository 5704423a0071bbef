package io.tracknow.commission.lifecycle;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator ends a commission's hold early (a demo, a trusted merchant): the commission's hold ends
 * now and the hold job validates it at once (CommissionValidated, pending → available), as it would at
 * the end of the hold. Operator only; a commission that is not pending is 409, an unknown one 404.
 */
@RestController
class HoldController {

    private final CommissionStore store;
    private final HoldJob holdJob;
    private final Clock clock;

    HoldController(CommissionStore store, HoldJob holdJob, Clock clock) {
        this.store = store;
        this.holdJob = holdJob;
        this.clock = clock;
    }

    @PostMapping("/api/commissions/{commissionId}/end-hold")
    Mono<Map<String, Object>> endHold(Caller caller, @PathVariable String commissionId) {
        caller.requireOperator();
        UUID id;
        try {
            id = UUID.fromString(commissionId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("no-commission", "no commission " + commissionId);
        }
        return store.endHold(id, clock.instant())
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no-commission", "no commission " + commissionId)))
                .flatMap(status -> !"PENDING".equals(status)
                        ? Mono.error(new ApiProblem(
                                HttpStatus.CONFLICT,
                                "commission-not-pending",
                                "Not in its hold",
                                "commission " + commissionId + " is " + status))
                        : Mono.fromCallable(holdJob::validateDue)
                                .subscribeOn(Schedulers.boundedElastic())
                                .then(store.endHold(id, clock.instant()))
                                .map(after -> Map.<String, Object>of("commissionId", commissionId, "status", after)));
    }
}
