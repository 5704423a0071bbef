package io.tracknow.commission.plans;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Operators and merchants manage a merchant's commission plan (the operator's token, or the merchant's own). Saving a plan adds a new version in
 * force from now; sales paid earlier keep the version they were accrued with.
 */
@RestController
class PlanController {

    private final Plans plans;
    private final TransactionalOperator transactions;
    private final Clock clock;

    PlanController(Plans plans, TransactionalOperator transactions, Clock clock) {
        this.plans = plans;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping("/api/merchants/{merchantId}/commission-plan")
    Mono<Plan> current(@PathVariable String merchantId, Caller caller) {
        caller.requireMerchant(merchantId);
        return plans.current(merchantId);
    }

    @PutMapping("/api/merchants/{merchantId}/commission-plan")
    Mono<Plan> replace(@PathVariable String merchantId, Caller caller, @RequestBody PlanRequest request) {
        caller.requireMerchant(merchantId);
        String actor = caller.actor();
        var rules = request.validatedRules();
        return transactions
                .transactional(plans.addVersion(
                        merchantId,
                        request.influencerRatePercent(),
                        request.platformRatePercent(),
                        request.holdDays(),
                        rules,
                        clock.instant(),
                        actor))
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> new ApiProblem(
                                HttpStatus.CONFLICT,
                                "plan-conflict",
                                "Concurrent plan change",
                                "another change of this plan was saved at the"
                                        + " same moment; read the plan and try again"));
    }
}
