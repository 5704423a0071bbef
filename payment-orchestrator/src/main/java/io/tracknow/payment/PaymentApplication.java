package io.tracknow.payment;

import io.tracknow.web.tokens.EnableInfluencerTokens;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Collects from merchants through their gateway and pays influencers. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableInfluencerTokens
public class PaymentApplication {

    /** Its configuration file, {@code payment-orchestrator.yml}, named for the service so all services can share a classpath. */
    public static final String CONFIG = "spring.config.name=payment-orchestrator";

    public static void main(String[] args) {
        new SpringApplicationBuilder(PaymentApplication.class)
                .properties(CONFIG)
                .run(args);
    }
}
