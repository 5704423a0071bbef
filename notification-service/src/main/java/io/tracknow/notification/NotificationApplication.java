package io.tracknow.notification;

import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.web.tokens.EnableInfluencerTokens;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Tells influencers what happened to their sales, commissions and payouts. */
@SpringBootApplication
@EnableInfluencerTokens
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationApplication {

    /** Its configuration file, {@code notification-service.yml}, named for the service so all services can share a classpath. */
    public static final String CONFIG = "spring.config.name=notification-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(NotificationApplication.class)
                .properties(CONFIG)
                .run(args);
    }
}
