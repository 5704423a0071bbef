package io.tracknow.notification.webhooks;

import io.tracknow.notification.config.NotificationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

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
