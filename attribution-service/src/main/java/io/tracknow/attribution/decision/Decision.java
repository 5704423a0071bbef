package io.tracknow.attribution.decision;

import io.tracknow.attribution.chain.Candidate;
import java.time.Instant;
import java.util.List;

/**
 * What attribution decided for one order: the influencer and the rule and hint that matched, or
 * the reason no one earned it; every candidate hint considered with why it won or lost; the fraud
 * flag when the sale must not be paid; the last status applied and when the shop said it happened.
 */
public record Decision(
        String merchantId,
        String source,
        String externalOrderId,
        String influencerId,
        String rule,
        String hintValue,
        String reason,
        String fraudFlag,
        String lastStatus,
        Instant lastOccurredAt,
        String orderEventId,
        Instant decidedAt,
        List<Candidate> candidates) {

    public boolean attributed() {
        return influencerId != null;
    }
}
