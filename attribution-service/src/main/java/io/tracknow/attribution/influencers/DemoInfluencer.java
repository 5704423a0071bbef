package io.tracknow.attribution.influencers;

import io.tracknow.attribution.config.AttributionProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Seeds the demo influencer with TikTok creator id {@code tiktok_creator_123} (the creator of the demo order) when demo is on. */
@Component
class DemoInfluencer implements ApplicationRunner {

    private final AttributionProperties properties;
    private final InfluencerDirectory directory;

    DemoInfluencer(AttributionProperties properties, InfluencerDirectory directory) {
        this.properties = properties;
        this.directory = directory;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.demo()) {
            directory
                    .addInfluencer("demo-influencer", "demo-merchant", "Demo Influencer")
                    .then(directory.linkCreatorId("demo-merchant", "tiktok_creator_123", "demo-influencer"))
                    .block();
        }
    }
}
