package io.tracknow.commission.plans;

import io.tracknow.messaging.web.ApiProblem;
import java.time.Clock;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Operators and merchants manage a merchant's commission plan. Saving a plan adds a new version in
 * force from now; sales paid earlier keep the version they were accrued with.
 */
@RestController
class PlanController {

    private final Plans plans;
    private final PlanAccess access;
    private final TransactionalOperator transactions;
    private final Clock clock;

    PlanController(Plans plans, PlanAccess access, TransactionalOperator transactions, Clock clock) {
        this.plans = plans;
        this.access = access;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping("/api/merchants/{merchantId}/commission-plan")
    Mono<Plan> current(@PathVariable String merchantId,
                       @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        access.require(authorization, merchantId);
        return plans.current(merchantId);
    }

    @PutMapping("/api/merchants/{merchantId}/commission-plan")
    Mono<Plan> replace(@PathVariable String merchantId,
                       @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                       @RequestBody PlanRequest request) {
        String actor = access.require(authorization, merchantId);
        var rules = request.validatedRules();
        return transactions.transactional(plans.addVersion(merchantId, request.influencerRatePercent(),
                        request.platformRatePercent(), request.holdDays(), rules, clock.instant(), actor))
                .onErrorMap(DataIntegrityViolationException.class, e -> new ApiProblem(HttpStatus.CONFLICT,
                        "plan-conflict", "Concurrent plan change", "another change of this plan was saved at the"
                        + " same moment; read the plan and try again"));
    }
}
