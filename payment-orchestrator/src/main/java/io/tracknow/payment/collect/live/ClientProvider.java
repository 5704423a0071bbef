package io.tracknow.payment.collect.live;

import io.tracknow.payment.setup.Gateway;
import io.tracknow.payment.setup.GatewaySetup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client platform's live provider for one payment method: the gateway, its settings (shown back) and its
 * secrets (decrypted in memory only; {@link #toString()} hides them). The settings and secrets are the
 * gateway's own, as for a merchant's set-up, except the payer's wallet number, which each payment brings.
 */
public record ClientProvider(
        String clientId,
        String paymentMethod,
        Gateway gateway,
        Map<String, String> settings,
        Map<String, String> secrets,
        Instant updatedAt,
        String updatedBy) {

    /** The gateways each payment method may go through. */
    static final Map<String, Set<Gateway>> GATEWAYS = Map.of(
            "mobile_money", Set.of(Gateway.ORANGE_MONEY, Gateway.MTN_MOMO, Gateway.MOOV_MONEY, Gateway.WAVE),
            "credit_card", Set.of(Gateway.CMI, Gateway.PAYZEN, Gateway.SG_MAROC));

    /** The setting that names the payer's wallet, for push gateways: it comes from the payment, not the client. */
    static final Map<Gateway, String> PAYER = Map.of(
            Gateway.MTN_MOMO, "momo_payer_msisdn",
            Gateway.MOOV_MONEY, "moov_payer_msisdn");

    public ClientProvider {
        settings = Map.copyOf(settings);
        secrets = Map.copyOf(secrets);
    }

    /** Whether the payer's wallet number must come with each payment (metadata.phone_number). */
    public boolean needsPayerNumber() {
        return PAYER.containsKey(gateway);
    }

    /** The connector's view: the client as the "merchant", in the payment's currency, with the payer's number. */
    GatewaySetup setup(String currency, String payerNumber) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        String payer = PAYER.get(gateway);
        if (payer != null && payerNumber != null) {
            all.put(payer, payerNumber);
        }
        return new GatewaySetup(clientId, gateway, currency, all, secrets, false, updatedAt, updatedAt, updatedBy);
    }

    /** What the operator sees: the settings and the names of the secrets. */
    Map<String, Object> shown() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("clientId", clientId);
        shown.put("paymentMethod", paymentMethod);
        shown.put("gateway", gateway.id());
        shown.put("settings", settings);
        shown.put("secrets", List.copyOf(secrets.keySet()).stream().sorted().toList());
        shown.put("updatedAt", updatedAt.toString());
        shown.put("updatedBy", updatedBy);
        return shown;
    }

    @Override
    public String toString() {
        return "ClientProvider[clientId=" + clientId + ", paymentMethod=" + paymentMethod + ", gateway=" + gateway.id()
                + ", settings=" + settings + ", secrets=" + secrets.keySet() + " (values hidden)]";
    }
}
