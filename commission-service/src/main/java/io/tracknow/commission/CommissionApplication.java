package io.tracknow.commission;

import io.tracknow.web.tokens.EnableInfluencerTokens;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Decides how much everyone is owed for each attributed sale. */
@SpringBootApplication
@EnableInfluencerTokens
@ConfigurationPropertiesScan
public class CommissionApplication {

    /** Its configuration file, {@code commission-service.yml}, named for the service so all services can share a classpath. */
    public static final String CONFIG = "spring.config.name=commission-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(CommissionApplication.class)
                .properties(CONFIG)
                .run(args);
    }
}
