package io.tracknow.gateway.tiktok;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.gateway.config.GatewayProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** No SSRF: the order-detail client calls TikTok's own API hosts and nothing else. */
class TikTokOrderApiAllowListTest {

    private static final List<String> TIKTOK = List.of(
            "open-api.tiktokglobalshop.com", "open-api-sg.tiktokglobalshop.com", "open-api-eu.tiktokglobalshop.com");

    @Test
    void refusesToStartWithABaseUrlOutsideTheAllowList() {
        assertThatThrownBy(() -> api("http://169.254.169.254")).hasMessageContaining("allow-list");
        assertThatThrownBy(() -> api("https://open-api.tiktokglobalshop.com.evil.example"))
                .hasMessageContaining("allow-list");
        assertThatCode(() -> api("https://open-api-eu.tiktokglobalshop.com")).doesNotThrowAnyException();
    }

    private static TikTokOrderApi api(String baseUrl) {
        GatewayProperties properties = new GatewayProperties(
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                true,
                DataSize.ofMegabytes(1),
                new GatewayProperties.RateLimit(10, Duration.ofMinutes(1)),
                null,
                new GatewayProperties.TikTokApi(
                        URI.create(baseUrl),
                        TIKTOK,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        3,
                        Duration.ofMillis(10)),
                Duration.ofSeconds(5),
                new GatewayProperties.GroupCommitSettings(64, 2),
                GatewayProperties.Limits.defaults());
        return new TikTokOrderApi(properties, null, null, Clock.systemUTC());
    }
}
