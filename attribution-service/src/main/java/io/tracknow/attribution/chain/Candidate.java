package io.tracknow.attribution.chain;

import io.tracknow.events.sales.AttributionRule;

/**
 * One hint of an order the priority chain considered.
 *
 * @param rule         the rule that read the hint
 * @param hintValue    the order's value, trimmed
 * @param influencerId who the hint identified, when it identified someone
 * @param verdict      whether it won or why it lost
 * @param explanation  a sentence for the merchant or influencer
 */
public record Candidate(
        AttributionRule rule, String hintValue, String influencerId, Verdict verdict, String explanation) {}
