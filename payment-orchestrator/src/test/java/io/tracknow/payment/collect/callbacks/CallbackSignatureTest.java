package io.tracknow.payment.collect.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {

    /** The worked example of docs/payments-api.md, so the client developer's guide stays true. */
    @Test
    void signsTheDocumentedExampleAsTheGuideSays() throws Exception {
        String body = "{\"external_payment_id\":\"ext_3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6\",\"status\":\"completed\","
                + "\"metadata\":{\"payment_id\":\"pm_abc123xyz\",\"transaction_id\":\"txn_5e1f0a9b7c3d2e41\","
                + "\"provider_reference\":\"sandbox_a1b2c3d4e5f6\",\"provider\":\"sandbox\",\"environment\":\"sandbox\","
                + "\"completed_at\":\"2025-01-25T10:15:30Z\"}}";
        String signature = CallbackSignature.of("demo-webhook-secret", body.getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("sha256=ff4557081be006798c915a349caed5b17295de05d7546e2a3ace73263110394d");
        String guide = Files.readString(Path.of("../docs/payments-api.md"));
        assertThat(guide).contains(body, "X-Payment-Signature: " + signature);
    }

    @Test
    void onlyPublicAddressesArePublic() throws Exception {
        for (String address : new String[] {
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.0.1",
            "169.254.169.254",
            "100.64.1.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "::"
        }) {
            assertThat(CallbackTargets.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700::1111", "172.32.0.1"}) {
            assertThat(CallbackTargets.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }

    @Test
    void aSandboxKeyMayCallAnyAddressALiveKeyOnlyHttpsToPublicOnes() {
        assertThat(CallbackTargets.refusal(java.net.URI.create("http://127.0.0.1:8080/cb"), false))
                .isEmpty();
        assertThat(CallbackTargets.refusal(java.net.URI.create("http://93.184.216.34/cb"), true))
                .isPresent();
        assertThat(CallbackTargets.refusal(java.net.URI.create("https://127.0.0.1/cb"), true))
                .isPresent();
        assertThat(CallbackTargets.refusal(java.net.URI.create("https://93.184.216.34/cb"), true))
                .isEmpty();
    }
}
