package io.tracknow.attribution;

import io.tracknow.web.tokens.EnableInfluencerTokens;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Decides which influencer earned each order. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableInfluencerTokens
public class AttributionApplication {

    /** Its configuration file, {@code attribution-service.yml}, named for the service so all services can share a classpath. */
    public static final String CONFIG = "spring.config.name=attribution-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(AttributionApplication.class)
                .properties(CONFIG)
                .run(args);
    }
}
