package io.tracknow.commission.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static Plan.Rule rule(String influencer, String sku, String category, String rate) {
        return new Plan.Rule(influencer, sku, category, new BigDecimal(rate), BigDecimal.ONE);
    }

    private final Plan plan = new Plan(
            "m",
            3,
            Instant.EPOCH,
            new BigDecimal("10"),
            new BigDecimal("5"),
            14,
            List.of(
                    rule(null, null, "beauty", "11"),
                    rule(null, "SKU-1", null, "12"),
                    rule("inf", null, null, "13"),
                    rule("inf", null, "beauty", "14"),
                    rule("inf", "SKU-1", null, "15")));

    @Test
    void theMostSpecificMatchingRuleWins() {
        assertThat(plan.ratesFor("inf", "SKU-1", "beauty").influencerPercent()).isEqualByComparingTo("15");
        assertThat(plan.ratesFor("inf", "SKU-2", "beauty").influencerPercent()).isEqualByComparingTo("14");
        assertThat(plan.ratesFor("inf", "SKU-2", "toys").influencerPercent()).isEqualByComparingTo("13");
        assertThat(plan.ratesFor("other", "SKU-1", "beauty").influencerPercent())
                .isEqualByComparingTo("12");
        assertThat(plan.ratesFor("other", "SKU-2", "beauty").influencerPercent())
                .isEqualByComparingTo("11");
        Plan.Rates merchant = plan.ratesFor("other", "SKU-2", "toys");
        assertThat(merchant.influencerPercent()).isEqualByComparingTo("10");
        assertThat(merchant.rule()).isEqualTo("merchant");
        assertThat(plan.ratesFor("inf", "SKU-1", null).rule()).isEqualTo("influencer=inf,sku=SKU-1");
        assertThat(plan.ratesFor(null, null, null).rule()).isEqualTo("merchant");
    }

    @Test
    void aValidRequestBecomesRules() {
        PlanRequest request = new PlanRequest(
                new BigDecimal("12.5"),
                new BigDecimal("0.0001"),
                0,
                List.of(new PlanRequest.Override(" inf ", null, "", new BigDecimal("100"), BigDecimal.ZERO)));
        assertThat(request.validatedRules())
                .containsExactly(new Plan.Rule("inf", null, null, new BigDecimal("100"), BigDecimal.ZERO));
    }

    @Test
    void anInvalidRequestListsEveryProblemAsA400() {
        PlanRequest request = new PlanRequest(
                new BigDecimal("100.00001"),
                null,
                366,
                List.of(new PlanRequest.Override(null, "A", "b", new BigDecimal("1.00000"), new BigDecimal("99.5"))));
        assertThatThrownBy(request::validatedRules)
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(400);
                    assertThat(p.typeName()).isEqualTo("invalid-plan");
                })
                .hasMessageContaining("influencerRatePercent must be between 0 and 100")
                .hasMessageContaining("platformRatePercent is required")
                .hasMessageContaining("holdDays")
                .hasMessageContaining("both a sku and a category")
                .hasMessageContaining("overrides[0].influencerRatePercent + platformRatePercent must not exceed 100");
    }
}
