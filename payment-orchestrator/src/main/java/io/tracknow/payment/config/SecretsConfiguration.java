package io.tracknow.payment.config;

import io.tracknow.secrets.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gateway secrets are sealed with the platform's one AES-GCM cipher (module {@code secrets}), keyed by
 * {@code tracknow.payment.secret-key}. Without a key (and outside the demo) the service still starts,
 * so that deployments which do not debit merchants yet keep running, but no set-up with secrets can
 * be written or read: the set-up API answers 503 {@code payment-secret-key-missing}.
 */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    static final String SETTING = "tracknow.payment.secret-key (TRACKNOW_PAYMENT_SECRET_KEY)";
    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    GatewaySecrets gatewaySecrets(PaymentProperties properties) {
        if ((properties.secretKey() == null || properties.secretKey().isBlank()) && !properties.demo()) {
            log.error("{} is not set: merchants' payment set-ups cannot be stored or used until it is", SETTING);
            return new GatewaySecrets(null);
        }
        return new GatewaySecrets(SecretCipher.fromSetting(properties.secretKey(), properties.demo(), SETTING));
    }
}
