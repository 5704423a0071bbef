package io.tracknow.notification.templates;

import io.tracknow.notification.config.NotificationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

@Configuration(proxyBeanMethods = false)
class TemplatesConfiguration {

    @Bean
    MessageRenderer messageRenderer(ResourceLoader resources, NotificationProperties properties) {
        return new MessageRenderer(resources, properties.templatesLocation());
    }
}
