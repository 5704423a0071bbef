package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Seed 004 "Rate limiting": at most 100 requests per minute per API key. */
class RateLimitTest extends CollectApiTestBase {

    @Test
    void theHundredAndFirstRequestInAMinuteIs429WithRetryAfterAndOtherKeysGoOn() throws Exception {
        String[] key = newKey("sandbox");
        for (int i = 1; i <= 100; i++) {
            HttpResponse<String> response = status(key[0], "ext_" + i);
            assertThat(response.statusCode()).as("request " + i).isEqualTo(404);
        }
        HttpResponse<String> limited = status(key[0], "ext_101");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(problemType(limited)).endsWith("/rate-limited");
        long retryAfter =
                Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(initiate(key[0], body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")))
                        .statusCode())
                .isEqualTo(429);
        assertThat(status(newKey("sandbox")[0], "ext_1").statusCode())
                .as("another key has its own allowance")
                .isEqualTo(404);
    }
}
