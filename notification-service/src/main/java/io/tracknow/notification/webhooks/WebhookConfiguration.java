package io.tracknow.notification.webhooks;

import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.secrets.SecretCipher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    static final String SETTING = "tracknow.notifications.secret-key (TRACKNOW_NOTIFICATION_SECRET_KEY)";

    /**
     * Influencers' webhook secrets are sealed with the platform's one AES-GCM {@link SecretCipher} (module
     * {@code secrets}), keyed by {@code tracknow.notifications.secret-key}; the fixed development key only in
     * the demo (embedded platform) when no key is set. Without a key outside the demo the service does not
     * start, as the gateway: it could neither store nor use a webhook.
     */
    @Bean
    SecretCipher webhookSecretCipher(NotificationProperties properties) {
        return SecretCipher.fromSetting(properties.secretKey(), properties.demo(), SETTING);
    }

    @Bean
    @ConditionalOnMissingBean
    HostResolver hostResolver() {
        return HostResolver.dns();
    }

    @Bean
    UrlGuard urlGuard(HostResolver resolver, NotificationProperties properties) {
        return new UrlGuard(resolver, properties.webhook().allowLoopback());
    }
}
