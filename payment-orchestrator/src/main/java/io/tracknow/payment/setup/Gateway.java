package io.tracknow.payment.setup;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The gateways a merchant may choose to be debited through, each with the configuration it needs
 * (names as the provider's set-up sheet gives them) and the currencies it takes. CMI and Société
 * Générale Maroc settle in MAD only; PayZen takes MAD, EUR and USD; the wallets take the currencies
 * of the countries they operate in; a manual invoice takes any ISO 4217 currency.
 *
 * @param required   settings that must be given (not secret; shown back to the merchant)
 * @param optional   settings that may be given
 * @param secrets    settings sealed at rest and never shown back or logged; all required
 * @param currencies the currencies it settles in; empty means any ISO 4217 currency
 */
public enum Gateway {
    CMI(
            "cmi",
            List.of("cmi_merchant_id", "cmi_terminal_id"),
            List.of(),
            List.of("cmi_api_key", "cmi_store_key"),
            Set.of("MAD")),
    PAYZEN(
            "payzen",
            List.of("payzen_shop_id", "payzen_mode"),
            List.of("payzen_seller_account_id", "payzen_platform_account_id"),
            List.of("payzen_api_key", "payzen_secret_key"),
            Set.of("MAD", "EUR", "USD")),
    SG_MAROC(
            "sg_maroc",
            List.of("sg_merchant_code", "sg_terminal_id", "sg_api_username"),
            List.of("sg_certificate"),
            List.of("sg_api_password"),
            Set.of("MAD")),
    ORANGE_MONEY(
            "orange_money",
            List.of("orange_client_id", "orange_country"),
            List.of(),
            List.of("orange_client_secret", "orange_merchant_key"),
            Set.of("XOF", "XAF", "GNF")),
    MTN_MOMO(
            "mtn_momo",
            List.of("momo_api_user", "momo_target_environment", "momo_payer_msisdn"),
            List.of(),
            List.of("momo_api_key", "momo_subscription_key"),
            Set.of("XAF", "XOF", "GHS", "UGX", "RWF", "ZMW", "EUR")),
    MOOV_MONEY(
            "moov_money",
            List.of("moov_merchant_id", "moov_payer_msisdn"),
            List.of(),
            List.of("moov_api_key"),
            Set.of("XOF")),
    WAVE("wave", List.of(), List.of("wave_aggregated_merchant_id"), List.of("wave_api_key"), Set.of("XOF")),
    MANUAL("manual", List.of(), List.of("invoice_email"), List.of(), Set.of());

    private final String id;
    private final List<String> required;
    private final List<String> optional;
    private final List<String> secrets;
    private final Set<String> currencies;

    Gateway(String id, List<String> required, List<String> optional, List<String> secrets, Set<String> currencies) {
        this.id = id;
        this.required = required;
        this.optional = optional;
        this.secrets = secrets;
        this.currencies = currencies;
    }

    /** The name on the API and in the journal: cmi, payzen, sg_maroc, orange_money, mtn_momo, moov_money, wave, manual. */
    public String id() {
        return id;
    }

    public List<String> required() {
        return required;
    }

    public List<String> secrets() {
        return secrets;
    }

    /** Every setting name it accepts. */
    public Set<String> accepted() {
        Set<String> all = new LinkedHashSet<>(required);
        all.addAll(optional);
        all.addAll(secrets);
        return all;
    }

    public boolean takes(String currency) {
        return currencies.isEmpty() || currencies.contains(currency);
    }

    public Set<String> currencies() {
        return currencies;
    }

    public static Optional<Gateway> byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(g -> g.id.equals(wanted)).findFirst();
    }

    /**
     * The gateway of a provider as the ingest-gateway names it on payment-callbacks.v1 ("cmi", "payzen",
     * "sgma", "orange-money", "mtn-momo", "moov-money", "wave").
     */
    public static Optional<Gateway> byProvider(String provider) {
        String id =
                provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return byId("sgma".equals(id) ? SG_MAROC.id : id).filter(g -> g != MANUAL);
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Gateway::id).toList();
    }
}
