package io.tracknow.attribution.chain;

/** One question the chain puts to an {@link IdentifierLookup}: which method, with which value (as the rule passed it). */
public record Ask(Kind kind, String value) {

    public enum Kind {
        CREATOR_ID,
        PROMO_CODE,
        SHORT_CODE,
        CAMPAIGN,
        CLICK_ID
    }
}
