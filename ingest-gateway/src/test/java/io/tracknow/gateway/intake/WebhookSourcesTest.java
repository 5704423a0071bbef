package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.gateway.credentials.MerchantCredential;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class WebhookSourcesTest {

    private static WebhookSource source(String name, String route) {
        return new WebhookSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String route() {
                return route;
            }

            @Override
            public boolean verify(Delivery delivery, MerchantCredential credential) {
                return false;
            }

            @Override
            public Mono<Normalised> normalise(Delivery delivery) {
                return Mono.empty();
            }
        };
    }

    private final WebhookSources sources =
            new WebhookSources(List.of(source("SHOP", "shop"), source("PAY", "payments/pay")));

    @Test
    void aPathNamesItsSourceByEverythingBeforeTheMerchantId() {
        assertThat(sources.target(List.of("shop", "m-1"))).hasValueSatisfying(t -> {
            assertThat(t.source().name()).isEqualTo("SHOP");
            assertThat(t.merchantId()).isEqualTo("m-1");
        });
        assertThat(sources.target(List.of("payments", "pay", "m 2"))).hasValueSatisfying(t -> {
            assertThat(t.source().name()).isEqualTo("PAY");
            assertThat(t.merchantId()).isEqualTo("m 2");
        });
        assertThat(sources.targetOfUri("/webhooks/payments/pay/m-3?x=1"))
                .hasValueSatisfying(t -> assertThat(t.merchantId()).isEqualTo("m-3"));
    }

    @Test
    void aPathWithoutAKnownRouteOrAMerchantNamesNothing() {
        assertThat(sources.target(List.of("shop"))).isEmpty();
        assertThat(sources.target(List.of("shop", ""))).isEmpty();
        assertThat(sources.target(List.of("payments", "m-1"))).isEmpty();
        assertThat(sources.target(List.of("other", "m-1"))).isEmpty();
        assertThat(sources.targetOfUri("/admin/shop/m-1")).isEmpty();
        assertThat(sources.targetOfUri("/webhooks/shop/m-1/more")).isEmpty();
        assertThat(sources.targetOfUri("::not a uri")).isEmpty();
        assertThat(sources.routes()).containsExactly("payments/pay", "shop");
    }

    @Test
    void twoSourcesOnOneRouteAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new WebhookSources(List.of(source("A", "same"), source("B", "same"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("same")
                .hasMessageContaining("A")
                .hasMessageContaining("B");
    }
}
