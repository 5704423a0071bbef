package io.tracknow.attribution.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.messaging.web.ApiProblem;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ApiTokensTest {

    private final ApiTokens tokens = new ApiTokens(new AttributionProperties(false, Duration.ofDays(30), "http://x",
            new AttributionProperties.Api("op-token", Map.of("shop-a", "a-token")),
            new AttributionProperties.Cookie("tn_click", Duration.ofDays(30), true), "click_id"));

    @Test
    void theOperatorMayManageEveryMerchant() {
        tokens.require("Bearer op-token", "shop-a");
        tokens.require("bearer op-token", "shop-z");
    }

    @Test
    void aMerchantMayManageOnlyItself() {
        tokens.require("Bearer a-token", "shop-a");
        assertStatus(() -> tokens.require("Bearer a-token", "shop-b"), HttpStatus.FORBIDDEN);
    }

    @Test
    void aMissingOrUnknownTokenIsUnauthorized() {
        assertStatus(() -> tokens.require(null, "shop-a"), HttpStatus.UNAUTHORIZED);
        assertStatus(() -> tokens.require("Basic b3A6dG9rZW4=", "shop-a"), HttpStatus.UNAUTHORIZED);
        assertStatus(() -> tokens.require("Bearer ", "shop-a"), HttpStatus.UNAUTHORIZED);
        assertStatus(() -> tokens.require("Bearer guess", "shop-a"), HttpStatus.UNAUTHORIZED);
        assertStatus(() -> tokens.authenticate("Bearer guess"), HttpStatus.UNAUTHORIZED);
    }

    @Test
    void authenticationTellsForWhichMerchantsTheTokenMayAct() {
        ApiTokens.Caller operator = tokens.authenticate("Bearer op-token");
        ApiTokens.Caller shopA = tokens.authenticate("Bearer a-token");

        assertThat(operator.mayActFor("shop-z")).isTrue();
        assertThat(shopA.mayActFor("shop-a")).isTrue();
        assertThat(shopA.mayActFor("shop-b")).isFalse();
    }

    @Test
    void noConfiguredTokenMeansNoAccess() {
        ApiTokens none = new ApiTokens(new AttributionProperties(false, Duration.ofDays(30), "http://x",
                new AttributionProperties.Api(null, Map.of()),
                new AttributionProperties.Cookie("tn_click", Duration.ofDays(30), true), "click_id"));
        assertStatus(() -> none.require("Bearer ", "shop-a"), HttpStatus.UNAUTHORIZED);
        assertStatus(() -> none.require("Bearer null", "shop-a"), HttpStatus.UNAUTHORIZED);
    }

    private static void assertStatus(Runnable call, HttpStatus status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(status));
    }
}
