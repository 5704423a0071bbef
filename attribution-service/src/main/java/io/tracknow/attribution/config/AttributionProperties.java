package io.tracknow.attribution.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param demo seed the demo influencer and its TikTok creator id at start-up */
@ConfigurationProperties("tracknow.attribution")
public record AttributionProperties(boolean demo) {
}
