package io.tracknow.gateway.credentials;

import io.tracknow.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo merchant's TikTok Shop app (tracknow.gateway.demo=true, set by the embedded
 * platform): merchant {@code demo-merchant}, app key {@code demo-app-key}, secret {@code demo-app-secret}.
 */
@Component
@Order(1)
class DemoCredentials implements ApplicationRunner {

    public static final MerchantCredential DEMO = new MerchantCredential(
            "demo-merchant", "TIKTOK_SHOP", "demo-app-key", "demo-app-secret", "X_TIKTOK_SIGNATURE");
    private static final Logger log = LoggerFactory.getLogger(DemoCredentials.class);

    private final GatewayProperties properties;
    private final CredentialStore store;

    DemoCredentials(GatewayProperties properties, CredentialStore store) {
        this.properties = properties;
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.demo()) {
            store.save(DEMO).block();
            log.info(
                    "demo merchant {} can post TikTok Shop webhooks signed with app key {}",
                    DEMO.merchantId(),
                    DEMO.appKey());
        }
    }
}
