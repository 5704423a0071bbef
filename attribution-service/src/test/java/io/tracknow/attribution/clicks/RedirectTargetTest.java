package io.tracknow.attribution.clicks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectTargetTest {

    @Test
    void addsUtmSourceToADestinationWithoutQuery() {
        assertThat(RedirectTarget.of("https://shop.example/p/1", utm("ABCD2345", null, null)))
                .isEqualTo("https://shop.example/p/1?utm_source=ABCD2345");
    }

    @Test
    void appendsToAnExistingQueryStringAndKeepsTheFragment() {
        assertThat(RedirectTarget.of(
                        "https://shop.example/p?id=7&color=red%20blue#reviews", utm("ABCD2345", "social", "spring 26")))
                .isEqualTo("https://shop.example/p?id=7&color=red%20blue&utm_source=ABCD2345&utm_medium=social"
                        + "&utm_campaign=spring%2026#reviews");
    }

    @Test
    void replacesTheDestinationsOwnUtmSourceSoTheShopReportsOurCode() {
        assertThat(RedirectTarget.of("https://shop.example/?utm_source=newsletter&x=1", utm("ABCD2345", null, null)))
                .isEqualTo("https://shop.example/?x=1&utm_source=ABCD2345");
    }

    @Test
    void handlesAnEmptyQueryAndABareHost() {
        assertThat(RedirectTarget.of("https://shop.example?", utm("C", null, null)))
                .isEqualTo("https://shop.example/?utm_source=C");
        assertThat(RedirectTarget.of("http://shop.example:8080#top", utm("C", null, null)))
                .isEqualTo("http://shop.example:8080/?utm_source=C#top");
    }

    @Test
    void encodesValuesThatNeedIt() {
        assertThat(RedirectTarget.of("https://shop.example/", utm("C", "a&b=c", null)))
                .isEqualTo("https://shop.example/?utm_source=C&utm_medium=a%26b%3Dc");
    }

    @Test
    void addsTheClickIdAfterTheUtmParametersAndBeforeTheFragmentReplacingTheDestinationsOwn() {
        Map<String, String> ours = utm("ABCD2345", null, null);
        ours.put("click_id", "3f2b6c1e-0000-4000-8000-000000000001");

        assertThat(RedirectTarget.of("https://shop.example/p?click_id=stale&id=7#reviews", ours))
                .isEqualTo("https://shop.example/p?id=7&utm_source=ABCD2345"
                        + "&click_id=3f2b6c1e-0000-4000-8000-000000000001#reviews");
    }

    private static Map<String, String> utm(String source, String medium, String campaign) {
        Map<String, String> utm = new LinkedHashMap<>();
        utm.put("utm_source", source);
        utm.put("utm_medium", medium);
        utm.put("utm_campaign", campaign);
        return utm;
    }
}
