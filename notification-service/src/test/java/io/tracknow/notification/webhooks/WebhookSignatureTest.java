package io.tracknow.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks reference libraries (standard-webhooks, libraries/javascript test). */
    @Test
    void signsLikeTheStandardWebhooksReferenceExample() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        long timestamp = 1614265330;
        String body = "{\"test\": 2432232314}";
        assertThat(WebhookSignature.sign(secret, id, timestamp, body))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    /** The worked example of docs/notification-service.md, "Verifying our signature". */
    @Test
    void theWorkedExampleOfTheDocs() {
        String body = "{\"type\":\"commission-accrued\",\"timestamp\":\"2026-12-02T10:00:00Z\",\"data\":"
                + "{\"notificationId\":\"5f0c6d1e-8a51-4c9b-9d3e-2b7e0f1a4c11\",\"title\":\"You earned $18.83\"}}";
        assertThat(WebhookSignature.sign(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "msg_5f0c6d1e-8a51-4c9b-9d3e-2b7e0f1a4c11",
                        1796205605L,
                        body))
                .isEqualTo("v1,EYh4QehJNYLP6qIu9ns4ei8haZGPWHbviYDxf4BSytA=");
    }

    @Test
    void aNewSecretIsPrefixedBase64OfThirtyTwoBytes() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void anyChangeToTheBodyIdOrTimestampChangesTheSignature() {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.sign(secret, "msg_1", 1700000000, "{}");
        assertThat(WebhookSignature.sign(secret, "msg_1", 1700000000, "{ }")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "msg_2", 1700000000, "{}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "msg_1", 1700000001, "{}")).isNotEqualTo(signature);
    }
}
