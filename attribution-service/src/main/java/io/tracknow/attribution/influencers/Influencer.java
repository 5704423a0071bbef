package io.tracknow.attribution.influencers;

/**
 * An influencer of one merchant.
 *
 * @param emailSha256 hex SHA-256 of the trimmed, lower-cased email (never the email), for the fraud guard
 * @param utmMedium   appended to the influencer's tracking-link redirects when set
 * @param utmCampaign appended to the redirects when set; also a priority-4 attribution hint
 */
public record Influencer(
        String id, String merchantId, String displayName, String emailSha256, String utmMedium, String utmCampaign) {}
