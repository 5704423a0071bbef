package io.tracknow.commission.plans;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlansApiTest extends CommissionServiceTest {

    private static final String PLAN = """
            {"influencerRatePercent": 10, "platformRatePercent": "5", "holdDays": 7, "overrides": [
              {"category": "beauty", "influencerRatePercent": 20, "platformRatePercent": 5},
              {"sku": "SKU-X", "influencerRatePercent": 30, "platformRatePercent": 5},
              {"influencerId": "inf-special", "influencerRatePercent": 12, "platformRatePercent": 3},
              {"influencerId": "inf-special", "sku": "SKU-X", "influencerRatePercent": 40, "platformRatePercent": 5}
            ]}""";

    @Test
    void theMostSpecificRulePricesEachLineAndTheSaleIsRoundedOnce() throws Exception {
        String merchant = unique("m");
        HttpResponse<String> saved = request("PUT", planPath(merchant), OPERATOR, PLAN);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json.readTree(saved.body()).path("version").asInt()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));

        String regular = unique("order");
        paid(merchant, regular, unique("inf"), 4000, "EUR", lines());
        CommissionEvent event = event(regular, CommissionAccrued.class);
        CommissionAccrued accrued = (CommissionAccrued) event.getEvent();
        // SKU-X 30 %, SKU-Y its category's 20 %, SKU-Z the merchant's 10 %: (1000×30 + 1000×20 + 2000×10) / 4000
        assertThat(accrued.getInfluencerMinor()).isEqualTo(700);
        assertThat(accrued.getInfluencerRatePercent()).isEqualTo("17.5");
        assertThat(accrued.getPlatformMinor()).isEqualTo(200);
        assertThat(accrued.getMerchantNetMinor()).isEqualTo(3100);
        assertThat(accrued.getHoldUntil()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));

        String special = unique("order");
        paid(merchant, special, "inf-special", 4000, "EUR", lines());
        CommissionAccrued forSpecial =
                (CommissionAccrued) event(special, CommissionAccrued.class).getEvent();
        // SKU-X inf+sku 40 %, the others the influencer's 12 %: (40 + 12 + 24) / 4 = 19 %; platform 5, 3, 3 -> 3.5 %
        assertThat(forSpecial.getInfluencerMinor()).isEqualTo(760);
        assertThat(forSpecial.getPlatformMinor()).isEqualTo(140);
    }

    @Test
    void aNewPlanAppliesToSalesPaidAfterItAndNeverRewritesPastAccruals() throws Exception {
        String merchant = unique("m");
        String influencer = unique("inf");
        assertThat(request("PUT", planPath(merchant), OPERATOR, simplePlan("10", "5"))
                        .statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        String before = unique("order");
        paid(merchant, before, influencer, 10000, "USD", List.of());
        assertThat(((CommissionAccrued) event(before, CommissionAccrued.class).getEvent()).getInfluencerMinor())
                .isEqualTo(1000);
        Instant paidBeforeTheChange = clock.instant();

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> changed = request("PUT", planPath(merchant), OPERATOR, simplePlan("2.5", "1"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json.readTree(changed.body()).path("version").asInt()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));

        String after = unique("order");
        paid(merchant, after, influencer, 10000, "USD", List.of());
        assertThat(((CommissionAccrued) event(after, CommissionAccrued.class).getEvent()).getInfluencerMinor())
                .isEqualTo(250);
        // a sale paid before the change, reported late, gets the plan in force when it was paid
        String late = unique("order");
        send(sale(merchant, late, io.tracknow.events.common.OrderStatus.PAID, 10000, "USD", List.of())
                .setOccurredAt(paidBeforeTheChange)
                .setEvent(io.tracknow.events.sales.SaleAttributed.newBuilder()
                        .setInfluencerId(influencer)
                        .setRule(io.tracknow.events.sales.AttributionRule.CLICK_ID)
                        .setHintValue("c")
                        .setFraudFlag(null)
                        .build())
                .build());
        assertThat(((CommissionAccrued) event(late, CommissionAccrued.class).getEvent()).getInfluencerMinor())
                .isEqualTo(1000);

        JsonNode listing = get("/api/influencers/" + influencer + "/commissions");
        for (JsonNode c : listing.path("commissions")) {
            if (c.path("externalOrderId").asString().equals(before)) {
                assertThat(c.path("influencerMinor").asLong()).isEqualTo(1000);
                assertThat(c.path("planVersion").asInt()).isEqualTo(1);
            }
        }
        JsonNode current =
                json.readTree(request("GET", planPath(merchant), OPERATOR, null).body());
        assertThat(current.path("version").asInt()).isEqualTo(2);
        assertThat(current.path("influencerRatePercent").asString()).isIn("2.5", "2.5000");
    }

    @Test
    void aMerchantTokenManagesOnlyItsOwnPlan() throws Exception {
        assertThat(request("PUT", planPath("merchant-own"), "merchant-own-token", simplePlan("15", "5"))
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                request("PUT", planPath("someone-else"), "merchant-own-token", simplePlan("15", "5")),
                404,
                "not-found");
    }

    @Test
    void refusesMissingOrWrongTokensWith401() throws Exception {
        assertProblem(request("PUT", planPath("m"), null, simplePlan("15", "5")), 401, "unauthorized");
        assertProblem(request("PUT", planPath("m"), "wrong", simplePlan("15", "5")), 401, "unauthorized");
        assertProblem(request("GET", planPath("m"), null, null), 401, "unauthorized");
    }

    @Test
    void refusesInvalidPlansWithAProblemAndSavesNothing() throws Exception {
        String merchant = unique("m");
        assertInvalid(merchant, simplePlan("100.5", "0"), "between 0 and 100");
        assertInvalid(merchant, simplePlan("-1", "0"), "between 0 and 100");
        assertInvalid(merchant, simplePlan("12.34567", "0"), "more than 4 decimals");
        assertInvalid(merchant, simplePlan("60", "40.0001"), "must not exceed 100");
        assertInvalid(merchant, "{\"influencerRatePercent\": 10, \"platformRatePercent\": 5}", "holdDays");
        assertInvalid(merchant, "{\"platformRatePercent\": 5, \"holdDays\": 3}", "influencerRatePercent is required");
        assertInvalid(
                merchant,
                withOverride("{\"influencerRatePercent\": 1, \"platformRatePercent\": 1}"),
                "must name an influencerId, a sku or a category");
        assertInvalid(
                merchant,
                withOverride("{\"sku\": \"A\", \"category\": \"b\", \"influencerRatePercent\": 1,"
                        + " \"platformRatePercent\": 1}"),
                "both a sku and a category");
        assertInvalid(
                merchant,
                withOverride("{\"sku\": \"A\", \"influencerRatePercent\": 1, \"platformRatePercent\": 1},"
                        + " {\"sku\": \"A\", \"influencerRatePercent\": 2, \"platformRatePercent\": 1}"),
                "repeats");
        assertInvalid(
                merchant,
                withOverride("{\"sku\": \"A\", \"influencerRatePercent\": 99, \"platformRatePercent\": 2}"),
                "overrides[0].influencerRatePercent + platformRatePercent must not exceed 100");
        HttpResponse<String> malformed = request("PUT", planPath(merchant), OPERATOR, "{\"influencerRatePercent\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));

        JsonNode current =
                json.readTree(request("GET", planPath(merchant), OPERATOR, null).body());
        assertThat(current.path("version").asInt())
                .as("nothing saved: still the default")
                .isZero();
        assertThat(current.path("influencerRatePercent").asString()).isEqualTo("15");
    }

    private void assertInvalid(String merchant, String body, String detail) throws Exception {
        HttpResponse<String> response = request("PUT", planPath(merchant), OPERATOR, body);
        JsonNode problem = assertProblem(response, 400, "invalid-plan");
        assertThat(problem.path("detail").asString()).contains(detail);
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).endsWith("/" + type);
        return problem;
    }

    private static String planPath(String merchant) {
        return "/api/merchants/" + merchant + "/commission-plan";
    }

    private static String simplePlan(String influencer, String platform) {
        return "{\"influencerRatePercent\": " + influencer + ", \"platformRatePercent\": " + platform
                + ", \"holdDays\": 14}";
    }

    private static String withOverride(String overrides) {
        return "{\"influencerRatePercent\": 10, \"platformRatePercent\": 5, \"holdDays\": 14, \"overrides\": ["
                + overrides + "]}";
    }

    private static List<io.tracknow.events.common.OrderItem> lines() {
        return List.of(
                item("SKU-X", "beauty", 1000, 1), item("SKU-Y", "beauty", 500, 2), item("SKU-Z", "toys", 2000, 1));
    }
}
