package io.tracknow.attribution.chain;

/** What one hint value resolved to: an influencer of the merchant, or why not. */
public record Resolution(String influencerId, Verdict failure, String explanation) {

    public static Resolution matched(String influencerId, String explanation) {
        return new Resolution(influencerId, null, explanation);
    }

    public static Resolution failed(Verdict verdict, String explanation) {
        return new Resolution(null, verdict, explanation);
    }

    public boolean isMatch() {
        return influencerId != null;
    }
}
