package io.tracknow.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY =
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private static final String SETTING = "tracknow.x.secret-key (TRACKNOW_X_SECRET_KEY)";

    @Test
    void sealsASecretThatOnlyTheSameKeyAndOwnerOpen() {
        SecretCipher cipher = SecretCipher.fromSetting(KEY, false, SETTING);
        byte[] sealed = cipher.encrypt("shpss_abc", "m1", "SHOPIFY");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("shpss_abc");
        assertThat(cipher.decrypt(sealed, "m1", "SHOPIFY")).isEqualTo("shpss_abc");
        assertThat(cipher.encrypt("shpss_abc", "m1", "SHOPIFY"))
                .as("fresh nonce")
                .isNotEqualTo(sealed);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "m2", "SHOPIFY")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, "m1"))
                .as("owner is every part")
                .isInstanceOf(IllegalStateException.class);
        String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(
                        () -> SecretCipher.fromSetting(otherKey, false, SETTING).decrypt(sealed, "m1", "SHOPIFY"))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "m1", "SHOPIFY")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void opensWhatTheGatewaySealedBeforeTheCodeMovedHere() {
        // sealed by ingest-gateway's own former SecretCipher with KEY for merchant "m1", source "SHOPIFY" (AAD
        // "m1\0SHOPIFY")
        byte[] legacy = Base64.getDecoder().decode("AYsYbilpP8eCB4P3hTr0saODJ6ADn9dLBRXarbq0DhCXkl0=");
        assertThat(SecretCipher.fromSetting(KEY, false, SETTING).decrypt(legacy, "m1", "SHOPIFY"))
                .isEqualTo("legacy");
    }

    @Test
    void refusesToStartWithoutAKeyOutsideTheDemoAndWithAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> SecretCipher.fromSetting("", false, SETTING))
                .hasMessageContaining("TRACKNOW_X_SECRET_KEY");
        assertThatThrownBy(
                        () -> SecretCipher.fromSetting(Base64.getEncoder().encodeToString(new byte[7]), false, SETTING))
                .hasMessageContaining("16, 24 or 32");
        assertThatThrownBy(() -> SecretCipher.fromSetting("not base64!", false, SETTING))
                .hasMessageContaining("base64");
        SecretCipher demo = SecretCipher.fromSetting(null, true, SETTING);
        assertThat(demo.decrypt(demo.encrypt("s", "m", "TIKTOK_SHOP"), "m", "TIKTOK_SHOP"))
                .isEqualTo("s");
    }
}
