package io.tracknow.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SecretCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void sealsASecretThatOnlyTheSameKeyMerchantAndSourceOpen() {
        SecretCipher cipher = new SecretCipher(properties(KEY, false));
        byte[] sealed = cipher.encrypt("shpss_abc", "m1", "SHOPIFY");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("shpss_abc");
        assertThat(cipher.decrypt(sealed, "m1", "SHOPIFY")).isEqualTo("shpss_abc");
        assertThat(cipher.encrypt("shpss_abc", "m1", "SHOPIFY")).as("fresh nonce").isNotEqualTo(sealed);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "m2", "SHOPIFY")).isInstanceOf(IllegalStateException.class);
        String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> new SecretCipher(properties(otherKey, false)).decrypt(sealed, "m1", "SHOPIFY"))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "m1", "SHOPIFY")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToStartWithoutAKeyOutsideTheDemoAndWithAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> new SecretCipher(properties("", false))).hasMessageContaining("TRACKNOW_GATEWAY_SECRET_KEY");
        assertThatThrownBy(() -> new SecretCipher(properties(Base64.getEncoder().encodeToString(new byte[7]), false)))
                .hasMessageContaining("16, 24 or 32");
        SecretCipher demo = new SecretCipher(properties(null, true));
        assertThat(demo.decrypt(demo.encrypt("s", "m", "TIKTOK_SHOP"), "m", "TIKTOK_SHOP")).isEqualTo("s");
    }

    private static GatewayProperties properties(String key, boolean demo) {
        return new GatewayProperties(Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), demo,
                DataSize.ofMegabytes(1), new GatewayProperties.RateLimit(10, Duration.ofMinutes(1)), key, null, GatewayProperties.Limits.defaults());
    }
}
