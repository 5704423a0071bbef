package io.tracknow.gateway.credentials;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.secrets.SecretCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Merchant webhook secrets are sealed with the platform's one AES-GCM {@link SecretCipher} (module
 * {@code secrets}), keyed by {@code tracknow.gateway.secret-key} (env TRACKNOW_GATEWAY_SECRET_KEY,
 * base64); a fixed development key is used only when the demo mode is on and no key is configured.
 * The associated data is merchant + source, as it always was, so stored secrets still open.
 */
@Configuration(proxyBeanMethods = false)
class SecretCipherConfiguration {

    static final String SETTING = "tracknow.gateway.secret-key (TRACKNOW_GATEWAY_SECRET_KEY)";

    @Bean
    SecretCipher secretCipher(GatewayProperties properties) {
        return SecretCipher.fromSetting(properties.secretKey(), properties.demo(), SETTING);
    }
}
