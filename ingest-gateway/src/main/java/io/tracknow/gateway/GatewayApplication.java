package io.tracknow.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The only internet-facing door for shop and payment-provider webhooks. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Its configuration file, {@code ingest-gateway.yml}, named for the service so all services can share a classpath. */
    public static final String CONFIG = "spring.config.name=ingest-gateway";

    public static void main(String[] args) {
        new SpringApplicationBuilder(GatewayApplication.class)
                .properties(CONFIG)
                .run(args);
    }
}
