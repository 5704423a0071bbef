package io.tracknow.payment.setup;

import java.time.Instant;
import java.util.Map;

/**
 * A merchant's chosen gateway and its configuration. {@code secrets} hold the decrypted values in
 * memory only (to call the provider); {@link #toString()} never shows them.
 *
 * @param autoDebitEnabled whether the debit schedule collects from this merchant on its own
 * @param activatedAt      from when the gateway is used (debits before it wait)
 */
public record GatewaySetup(
        String merchantId,
        Gateway gateway,
        String currency,
        Map<String, String> settings,
        Map<String, String> secrets,
        boolean autoDebitEnabled,
        Instant activatedAt,
        Instant updatedAt,
        String updatedBy) {

    public GatewaySetup {
        settings = Map.copyOf(settings);
        secrets = Map.copyOf(secrets);
    }

    public String setting(String name) {
        String value = settings.get(name);
        return value == null ? "" : value;
    }

    public String secret(String name) {
        String value = secrets.get(name);
        if (value == null) {
            throw new IllegalStateException(merchantId + "'s " + gateway.id() + " set-up has no " + name);
        }
        return value;
    }

    public boolean activeAt(Instant now) {
        return activatedAt != null && !activatedAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "GatewaySetup[merchantId=" + merchantId + ", gateway=" + gateway.id() + ", currency=" + currency
                + ", settings=" + settings + ", secrets=" + secrets.keySet() + " (values hidden), autoDebitEnabled="
                + autoDebitEnabled + ", activatedAt=" + activatedAt + "]";
    }
}
