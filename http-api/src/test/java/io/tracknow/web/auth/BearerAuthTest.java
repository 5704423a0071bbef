package io.tracknow.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.web.ApiProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class BearerAuthTest {

    private static final String INFLUENCER_TOKEN = "tnk_influencer";
    private final InfluencerTokens influencers =
            sha -> sha.equals(TokenDigest.sha256Hex(INFLUENCER_TOKEN)) ? Optional.of("inf-1") : Optional.empty();
    private final BearerAuth auth = new BearerAuth(
            new ApiProperties("op-token", Map.of("shop-a", "a-token", "shop-b", "b-token"), List.of()), influencers);

    @Test
    void resolvesEachKindOfToken() {
        assertThat(auth.authenticate("Bearer op-token")).isEqualTo(Caller.operator());
        assertThat(auth.authenticate("bearer  a-token ")).isEqualTo(Caller.merchant("shop-a"));
        assertThat(auth.authenticate("Bearer b-token")).isEqualTo(Caller.merchant("shop-b"));
        assertThat(auth.authenticate("Bearer " + INFLUENCER_TOKEN)).isEqualTo(Caller.influencer("inf-1"));
    }

    @Test
    void refusesAMissingOrUnknownTokenWithABearerChallenge() {
        for (String header :
                new String[] {null, "", "Bearer ", "Basic b3A6dG9rZW4=", "Bearer op-token-2", "Bearer op-toke"}) {
            assertThatThrownBy(() -> auth.authenticate(header))
                    .as(String.valueOf(header))
                    .isInstanceOfSatisfying(ApiProblem.class, p -> {
                        assertThat(p.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
                        assertThat(p.typeName()).isEqualTo("unauthorized");
                        assertThat(p.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
                    });
        }
    }

    @Test
    void withNoOperatorTokenConfiguredNoOneIsTheOperator() {
        BearerAuth none = new BearerAuth(new ApiProperties(" ", Map.of(), List.of()), InfluencerTokens.NONE);
        assertThatThrownBy(() -> none.authenticate("Bearer  ")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> none.authenticate("Bearer x")).isInstanceOf(ApiProblem.class);
    }

    @Test
    void refusesAConfigurationWhereTwoCallersShareAToken() {
        assertThatThrownBy(() -> new ApiProperties("same", Map.of("shop-a", "same"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shop-a");
        assertThatThrownBy(() -> new ApiProperties("op", Map.of("shop-a", " "), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
