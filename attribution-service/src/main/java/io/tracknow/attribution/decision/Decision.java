package io.tracknow.attribution.decision;

import java.time.Instant;

/**
 * What attribution decided for one order: the influencer and the rule and hint that matched, or
 * the reason no one earned it.
 */
public record Decision(String merchantId, String source, String externalOrderId, String influencerId,
                       String rule, String hintValue, String reason, String lastStatus, String orderEventId,
                       Instant decidedAt) {

    public boolean attributed() {
        return influencerId != null;
    }
}
