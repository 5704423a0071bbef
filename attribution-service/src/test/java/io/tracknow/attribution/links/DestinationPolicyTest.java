package io.tracknow.attribution.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

    static final List<String> ALLOWED = List.of("shop.example", "brand.example");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://shop.example/p/1?x=1#a",
                "http://SHOP.example",
                "https://www.shop.example/",
                "https://brand.example:8443/a"
            })
    void allowsHttpAndHttpsOnTheMerchantsDomainsAndTheirSubdomains(String url) {
        assertThat(DestinationPolicy.refusal(url, ALLOWED)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example/",
                "https://evilshop.example/",
                "https://shop.example.evil.example/",
                "javascript:alert(1)",
                "ftp://shop.example/",
                "//shop.example/p",
                "/p/1",
                "https://user:pw@shop.example/",
                "https://evil.example\\@shop.example/",
                "not a url",
                "data:text/html,hi"
            })
    void refusesEverythingElse(String url) {
        assertThat(DestinationPolicy.refusal(url, ALLOWED)).isPresent();
    }

    @Test
    void aMerchantWithoutAllowedDomainsCannotCreateLinks() {
        assertThat(DestinationPolicy.refusal("https://shop.example/", List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("allowed domains"));
    }

    @Test
    void recognisesBareDomainNames() {
        assertThat(DestinationPolicy.isDomain("shop.example")).isTrue();
        assertThat(DestinationPolicy.isDomain("https://shop.example")).isFalse();
        assertThat(DestinationPolicy.isDomain("shop.example/path")).isFalse();
        assertThat(DestinationPolicy.isDomain("*.shop.example")).isFalse();
    }
}
