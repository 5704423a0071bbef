package io.tracknow.attribution.chain;

/** Why a candidate hint won or lost. */
public enum Verdict {
    /** the highest-priority hint that identified an influencer of the merchant: it decides the sale */
    WON,
    /** identified an influencer of the merchant, but a hint of higher priority already had */
    OUTRANKED,
    /** matches nothing of this merchant (unknown, or another merchant's); the chain falls through */
    NO_MATCH,
    /** a recorded click, but not inside the merchant's attribution window before the order */
    OUTSIDE_WINDOW,
    /** identifies more than one influencer of the merchant, so it cannot decide */
    AMBIGUOUS
}
