package io.tracknow.payment.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.payment.PaymentIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SetupApiTest extends PaymentIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Seed 003's CMI sheet. */
    static final String CMI = """
            {"gateway": "cmi", "cmi_merchant_id": "123456789", "cmi_api_key": "sk_live_cmi_secret_1",
             "cmi_store_key": "store_key_secret_2", "cmi_terminal_id": "T001", "currency": "MAD", "auto_debit_enabled": true}""";

    @Autowired
    SetupStore store;

    @Test
    void theOperatorSetsACmiSetUpWhoseSecretsAreSealedAtRestAndNeverShownBack() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        HttpResponse<String> put = send("PUT", path(merchant), OPERATOR, CMI);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain("sk_live_cmi_secret_1", "store_key_secret_2");
        JsonNode view = JSON.readTree(put.body());
        assertThat(view.path("gateway").asString()).isEqualTo("cmi");
        assertThat(view.path("currency").asString()).isEqualTo("MAD");
        assertThat(view.path("settings").path("cmi_merchant_id").asString()).isEqualTo("123456789");
        assertThat(view.path("secretsSet").toString()).isEqualTo("[\"cmi_api_key\",\"cmi_store_key\"]");
        assertThat(view.path("autoDebitEnabled").asBoolean()).isTrue();
        assertThat(view.path("activatedAt").isMissingNode()).isFalse();
        assertThat(view.path("updatedBy").asString()).isEqualTo("operator");

        HttpResponse<String> get = send("GET", path(merchant), OPERATOR, null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).doesNotContain("sk_live_cmi_secret_1").contains("T001");

        Map<String, Object> row = db.sql(
                        "SELECT settings::text AS settings, secrets_ciphertext FROM merchant_payment_setups"
                                + " WHERE merchant_id = :m")
                .bind("m", merchant)
                .fetch()
                .one()
                .block();
        ByteBuffer sealed = (ByteBuffer) row.get("secrets_ciphertext");
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain("sk_live_cmi_secret_1", "store_key_secret_2");
        assertThat((String) row.get("settings")).doesNotContain("secret");

        GatewaySetup opened = store.find(merchant).block();
        assertThat(opened.secret("cmi_api_key")).isEqualTo("sk_live_cmi_secret_1");
        assertThat(opened.toString()).doesNotContain("sk_live_cmi_secret_1");
    }

    @Test
    void aMerchantSetsItsOwnSetUpButNoOtherAndNothingWithoutAToken() throws Exception {
        assertThat(send("PUT", path(OWN_MERCHANT), MERCHANT_TOKEN, CMI).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", path(OWN_MERCHANT), MERCHANT_TOKEN, null).body())
                .contains("\"updatedBy\":\"merchant:m-own\"");

        String other = "m-" + UUID.randomUUID();
        assertThat(send("PUT", path(other), MERCHANT_TOKEN, CMI).statusCode()).isEqualTo(404);
        assertThat(send("PUT", path(other), null, CMI).statusCode()).isEqualTo(401);
        assertThat(send("GET", path(other), OPERATOR, null).statusCode())
                .as("nothing stored")
                .isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown gateway                  | {"gateway": "paypal", "currency": "MAD"}                                                | unknown-gateway
            no gateway                       | {"currency": "MAD"}                                                                     | missing-field
            CMI without its API key          | {"gateway": "cmi", "cmi_merchant_id": "1", "cmi_store_key": "k", "cmi_terminal_id": "T", "currency": "MAD"} | missing-field
            CMI in euros                     | {"gateway": "cmi", "cmi_merchant_id": "1", "cmi_api_key": "a", "cmi_store_key": "k", "cmi_terminal_id": "T", "currency": "EUR"} | unsupported-currency
            SG Maroc in dollars              | {"gateway": "sg_maroc", "sg_merchant_code": "SG1", "sg_terminal_id": "T", "sg_api_username": "u", "sg_api_password": "p", "currency": "USD"} | unsupported-currency
            PayZen in francs CFA             | {"gateway": "payzen", "payzen_shop_id": "1", "payzen_mode": "TEST", "payzen_api_key": "a", "payzen_secret_key": "s", "currency": "XOF"} | unsupported-currency
            manual in no real currency       | {"gateway": "manual", "currency": "ABC"}                                                | unsupported-currency
            no currency                      | {"gateway": "manual"}                                                                   | missing-field
            a setting of another gateway     | {"gateway": "manual", "currency": "MAD", "cmi_api_key": "x"}                            | invalid-setup
            a number where text belongs      | {"gateway": "wave", "wave_api_key": 12, "currency": "XOF"}                              | invalid-setup
            MoMo payer not E.164             | {"gateway": "mtn_momo", "momo_api_user": "u", "momo_target_environment": "mtnghana", "momo_payer_msisdn": "0240000000", "momo_api_key": "k", "momo_subscription_key": "s", "currency": "GHS"} | invalid-setup
            auto debit not a boolean         | {"gateway": "manual", "currency": "MAD", "auto_debit_enabled": "yes"}                   | invalid-setup
            activation time not an instant   | {"gateway": "manual", "currency": "MAD", "activated_at": "tomorrow"}                    | invalid-setup
            not an object                    | ["cmi"]                                                                                 | invalid-setup
            """)
    void refusesABadSetUpWithA400AndKeepsTheOneBefore(String why, String body, String type) throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        assertThat(send("PUT", path(merchant), OPERATOR, CMI).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = send("PUT", path(merchant), OPERATOR, body);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(JSON.readTree(refused.body()).path("type").asString()).endsWith("/problems/" + type);
        assertThat(refused.body()).doesNotContain("\"a\"", "sk_live");
        assertThat(store.find(merchant).block().gateway()).as("unchanged").isEqualTo(Gateway.CMI);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            payzen       | {"gateway": "payzen", "payzen_shop_id": "12345678", "payzen_api_key": "production_x", "payzen_secret_key": "s", "payzen_mode": "PRODUCTION", "currency": "EUR"}
            sg_maroc     | {"gateway": "sg_maroc", "sg_merchant_code": "SG123456", "sg_terminal_id": "TERM001", "sg_api_username": "api_user_xxx", "sg_api_password": "p", "sg_certificate": "-----BEGIN CERTIFICATE-----...", "currency": "MAD"}
            orange_money | {"gateway": "orange_money", "orange_client_id": "c", "orange_country": "sn", "orange_client_secret": "s", "orange_merchant_key": "k", "currency": "XOF"}
            mtn_momo     | {"gateway": "mtn_momo", "momo_api_user": "u", "momo_target_environment": "mtnghana", "momo_payer_msisdn": "+233240000000", "momo_api_key": "k", "momo_subscription_key": "s", "currency": "GHS"}
            moov_money   | {"gateway": "moov_money", "moov_merchant_id": "M1", "moov_payer_msisdn": "+22997000000", "moov_api_key": "k", "currency": "XOF"}
            wave         | {"gateway": "wave", "wave_api_key": "wave_sn_prod_x", "currency": "xof"}
            manual       | {"gateway": "manual", "currency": "USD", "activated_at": "2030-01-01T00:00:00Z"}
            """)
    void acceptsEveryGatewayWithItsConfiguration(String gateway, String body) throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        HttpResponse<String> put = send("PUT", path(merchant), OPERATOR, body);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        GatewaySetup stored = store.find(merchant).block();
        assertThat(stored.gateway().id()).isEqualTo(gateway);
        assertThat(stored.secrets().keySet())
                .containsExactlyInAnyOrderElementsOf(stored.gateway().secrets());
        assertThat(stored.autoDebitEnabled()).isFalse();
    }

    private static String path(String merchant) {
        return "/api/merchants/" + merchant + "/payment-setup";
    }
}
