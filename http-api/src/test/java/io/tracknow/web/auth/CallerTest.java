package io.tracknow.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.web.ApiProblem;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CallerTest {

    @Test
    void theOperatorMayDoEverything() {
        Caller operator = Caller.operator();
        assertThatCode(() -> {
                    operator.requireOperator();
                    operator.requireMerchant("shop-a");
                    operator.requireInfluencer("inf-1");
                })
                .doesNotThrowAnyException();
        assertThat(operator.actor()).isEqualTo("operator");
    }

    @Test
    void aMerchantSeesOnlyItsOwnMerchantDataAndNoInfluencersData() {
        Caller merchant = Caller.merchant("shop-a");
        assertThatCode(() -> merchant.requireMerchant("shop-a")).doesNotThrowAnyException();
        assertHidden(() -> merchant.requireMerchant("shop-b"));
        assertHidden(() -> merchant.requireInfluencer("shop-a"));
        assertHidden(merchant::requireOperator);
        assertThat(merchant.actor()).isEqualTo("merchant:shop-a");
    }

    @Test
    void anInfluencerSeesOnlyTheirOwnData() {
        Caller influencer = Caller.influencer("inf-1");
        assertThatCode(() -> influencer.requireInfluencer("inf-1")).doesNotThrowAnyException();
        assertHidden(() -> influencer.requireInfluencer("inf-2"));
        assertHidden(() -> influencer.requireMerchant("inf-1"));
        assertHidden(influencer::requireOperator);
    }

    @Test
    void aMerchantOrInfluencerCallerNeedsItsId() {
        assertThatThrownBy(() -> Caller.merchant(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Caller.influencer(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertHidden(Runnable check) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(p.typeName()).isEqualTo("not-found");
        });
    }
}
