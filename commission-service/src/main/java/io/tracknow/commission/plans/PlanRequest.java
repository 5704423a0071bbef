package io.tracknow.commission.plans;

import io.tracknow.commission.plans.Plan.Rule;
import io.tracknow.web.ApiProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * A merchant's new plan as the API takes it. Every rate is a percentage from 0 to 100 with at most 4
 * decimals, and a rule's influencer + platform rates add up to at most 100 %. An override names an
 * influencer, a SKU or a category (an influencer with a SKU or a category, never a SKU with a
 * category), and no two overrides name the same thing.
 */
public record PlanRequest(
        BigDecimal influencerRatePercent, BigDecimal platformRatePercent, Integer holdDays, List<Override> overrides) {

    public record Override(
            String influencerId,
            String sku,
            String category,
            BigDecimal influencerRatePercent,
            BigDecimal platformRatePercent) {}

    /** The overrides as plan rules; throws a 400 problem listing everything that is wrong. */
    public List<Rule> validatedRules() {
        List<String> problems = new ArrayList<>();
        rates("", influencerRatePercent, platformRatePercent, problems);
        if (holdDays == null || holdDays < 0 || holdDays > 365) {
            problems.add("holdDays must be a whole number of days from 0 to 365");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> selectors = new HashSet<>();
        List<Override> given = overrides == null ? List.of() : overrides;
        for (int i = 0; i < given.size(); i++) {
            Override o = given.get(i);
            String where = "overrides[" + i + "].";
            if (o == null) {
                problems.add(where + " must not be null");
                continue;
            }
            String influencer = blankToNull(o.influencerId());
            String sku = blankToNull(o.sku());
            String category = blankToNull(o.category());
            if (influencer == null && sku == null && category == null) {
                problems.add(where + " must name an influencerId, a sku or a category");
            }
            if (sku != null && category != null) {
                problems.add(where + " names both a sku and a category; a sku already has one category");
            }
            if (!selectors.add(influencer + "|" + sku + "|" + category)) {
                problems.add(where + " repeats an earlier override's influencerId/sku/category");
            }
            rates(where, o.influencerRatePercent(), o.platformRatePercent(), problems);
            rules.add(new Rule(influencer, sku, category, o.influencerRatePercent(), o.platformRatePercent()));
        }
        if (!problems.isEmpty()) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST, "invalid-plan", "Invalid commission plan", String.join("; ", problems));
        }
        return rules;
    }

    private static void rates(String where, BigDecimal influencer, BigDecimal platform, List<String> problems) {
        boolean influencerOk = rate(where + "influencerRatePercent", influencer, problems);
        boolean platformOk = rate(where + "platformRatePercent", platform, problems);
        if (influencerOk && platformOk && influencer.add(platform).compareTo(BigDecimal.valueOf(100)) > 0) {
            problems.add(where + "influencerRatePercent + platformRatePercent must not exceed 100");
        }
    }

    private static boolean rate(String name, BigDecimal value, List<String> problems) {
        if (value == null) {
            problems.add(name + " is required");
            return false;
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
            problems.add(name + " must be between 0 and 100, was " + value.toPlainString());
            return false;
        }
        if (value.stripTrailingZeros().scale() > 4) {
            problems.add(name + " has more than 4 decimals: " + value.toPlainString());
            return false;
        }
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
