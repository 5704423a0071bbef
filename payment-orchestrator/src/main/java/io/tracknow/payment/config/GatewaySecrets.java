package io.tracknow.payment.config;

import io.tracknow.secrets.SecretCipher;
import io.tracknow.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The cipher, when a key is configured. */
public record GatewaySecrets(SecretCipher cipher) {

    /** @throws ApiProblem 503 when no key is configured */
    public SecretCipher require() {
        if (cipher == null) {
            throw new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "payment-secret-key-missing",
                    "Payment secrets unavailable",
                    SecretsConfiguration.SETTING + " is not configured");
        }
        return cipher;
    }
}
