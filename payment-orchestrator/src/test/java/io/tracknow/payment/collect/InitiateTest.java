package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Seed 004 "Initialiser un paiement", "Vérifier le statut", "Annuler": fields, codes and exact amounts. */
class InitiateTest extends CollectApiTestBase {

    private static final String ISO_SECONDS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    @Test
    void initiatesAPaymentWithItsPaymentUrlAndARealQrCodeOfIt() throws Exception {
        String[] key = newKey("sandbox");
        JsonNode answer = initiated(key[0], body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")));
        String id = answer.path("external_payment_id").asString();
        assertThat(id).startsWith("ext_").hasSize(36);
        assertThat(answer.path("status").asString()).isEqualTo("pending");
        assertThat(answer.path("payment_url").asString()).isEqualTo("https://pay.sandbox.test/pay/" + id);
        assertThat(answer.path("expires_at").asString()).matches(ISO_SECONDS);
        String qr = answer.path("qr_code").asString();
        assertThat(qr).startsWith("data:image/png;base64,");
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(qr.substring(qr.indexOf(',') + 1))));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(
                        new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
                .getText();
        assertThat(decoded).isEqualTo(answer.path("payment_url").asString());

        HttpResponse<String> status = status(key[0], id);
        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode read = JSON.readTree(status.body());
        assertThat(read.path("external_payment_id").asString()).isEqualTo(id);
        assertThat(read.path("status").asString()).isEqualTo("pending");
        assertThat(read.has("completed_at")).isFalse();
        assertThat(read.path("metadata").path("provider").asString()).isEqualTo("sandbox");
    }

    @Test
    void readsAmountsExactlyInTheCurrencysMinorUnits() throws Exception {
        String[] key = newKey("sandbox");
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("3.0|EUR", 300L);
        expected.put("19.99|USD", 1999L);
        expected.put("1500|XOF", 1500L);
        expected.put("1500.0|XOF", 1500L);
        expected.put("0.125|KWD", 125L);
        expected.put("1E+2|EUR", 10000L);
        expected.put("0.29|EUR", 29L);
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String[] parts = e.getKey().split("\\|");
            String id = initiated(key[0], body(newPaymentId(), parts[0], parts[1], callbackUrl("/cb")))
                    .path("external_payment_id")
                    .asString();
            long minor = db.sql("SELECT amount_minor FROM collect_payments WHERE external_payment_id = :id")
                    .bind("id", id)
                    .map(row -> row.get(0, Long.class))
                    .one()
                    .block();
            assertThat(minor).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void refusesEachInvalidRequestWith400AndStoresNothing() throws Exception {
        String[] key = newKey("sandbox");
        String cb = callbackUrl("/cb");
        String good = body("pm_x", "3.0", "EUR", cb);
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("not json", "{\"payment_id\": ");
        invalid.put("an array", "[]");
        invalid.put("empty", "");
        for (String field :
                new String[] {"payment_id", "amount", "currency", "payment_method", "metadata", "callback_url"}) {
            tools.jackson.databind.node.ObjectNode without =
                    (tools.jackson.databind.node.ObjectNode) JSON.readTree(good);
            without.remove(field);
            invalid.put("without " + field, without.toString());
        }
        invalid.put("method bank_transfer", good.replace("mobile_money", "bank_transfer"));
        invalid.put("amount 0.001 EUR", body("pm_x", "0.001", "EUR", cb));
        invalid.put("amount 1.5 XOF", body("pm_x", "1.5", "XOF", cb));
        invalid.put("amount 12.345 USD", body("pm_x", "12.345", "USD", cb));
        invalid.put("amount as a string", good.replace("\"amount\": 3.0", "\"amount\": \"3.0\""));
        invalid.put("amount zero", body("pm_x", "0", "EUR", cb));
        invalid.put("amount negative", body("pm_x", "-3.0", "EUR", cb));
        invalid.put("unknown currency", body("pm_x", "3.0", "ABC", cb));
        invalid.put("callback_url not a URL", body("pm_x", "3.0", "EUR", "not a url"));
        invalid.put("callback_url ftp", body("pm_x", "3.0", "EUR", "ftp://example.com/x"));
        invalid.put("metadata a string", good.replace("\"metadata\": {", "\"metadata\": \"x\", \"other\": {"));
        invalid.put("payment_id a number", good.replace("\"pm_x\"", "42"));
        long before = count("SELECT count(*) FROM collect_payments");
        for (Map.Entry<String, String> e : invalid.entrySet()) {
            HttpResponse<String> response = initiate(key[0], e.getValue());
            assertThat(response.statusCode())
                    .as(e.getKey() + ": " + response.body())
                    .isEqualTo(400);
            assertThat(problemType(response)).as(e.getKey()).endsWith("/invalid-request");
        }
        assertThat(count("SELECT count(*) FROM collect_payments")).isEqualTo(before);
    }

    @Test
    void aLiveKeyNeedsAnHttpsCallbackToAPublicAddressAndAConfiguredProvider() throws Exception {
        String[] live = newKey("live");
        for (String url : new String[] {
            "http://93.184.216.34/cb",
            "https://127.0.0.1/cb",
            "https://10.1.2.3/cb",
            "https://192.168.1.1/cb",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/cb",
            "https://localhost/cb",
            "https://100.64.0.1/cb"
        }) {
            HttpResponse<String> response = initiate(live[0], body(newPaymentId(), "3.0", "EUR", url));
            assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(400);
        }
        HttpResponse<String> noProvider =
                initiate(live[0], body(newPaymentId(), "3.0", "EUR", "https://93.184.216.34/cb"));
        assertThat(noProvider.statusCode()).as(noProvider.body()).isEqualTo(501);
        assertThat(problemType(noProvider)).endsWith("/provider-not-configured");
        assertThat(count("SELECT count(*) FROM collect_payments WHERE client_id = '" + live[3] + "'"))
                .isZero();
    }

    @Test
    void aClientSeesOnlyItsOwnPaymentsAndOnlyInItsKeysMode() throws Exception {
        String[] mine = newKey("sandbox");
        String[] other = newKey("sandbox");
        String id = initiated(mine[0], body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")))
                .path("external_payment_id")
                .asString();
        assertThat(status(other[0], id).statusCode()).isEqualTo(404);
        assertThat(problemType(status(other[0], id))).endsWith("/payment-not-found");
        assertThat(send("POST", "/api/v1/payments/" + id + "/cancel", other[0], null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(status(mine[0], "ext_does_not_exist").statusCode()).isEqualTo(404);
        assertThat(statusOf(mine[0], id))
                .as("the other client's cancel changed nothing")
                .isEqualTo("pending");

        // a live key of the same client does not see sandbox payments either
        HttpResponse<String> issued =
                send("POST", "/api/payment-clients/" + mine[3] + "/keys", OPERATOR, "{\"mode\":\"live\"}", null);
        String liveKey = JSON.readTree(issued.body()).path("apiKey").asString();
        assertThat(status(liveKey, id).statusCode()).isEqualTo(404);
    }

    @Test
    void cancelsAPendingPaymentOnceAndRefusesToCancelACompletedOne() throws Exception {
        String[] key = newKey("sandbox");
        String id = initiated(key[0], body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")))
                .path("external_payment_id")
                .asString();
        HttpResponse<String> cancelled = send("POST", "/api/v1/payments/" + id + "/cancel", key[0], null, null);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(cancelled.body());
        assertThat(body.path("external_payment_id").asString()).isEqualTo(id);
        assertThat(body.path("status").asString()).isEqualTo("cancelled");
        assertThat(body.path("cancelled_at").asString()).matches(ISO_SECONDS);
        HttpResponse<String> again = send("POST", "/api/v1/payments/" + id + "/cancel", key[0], null, null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("cancelled_at").asString())
                .isEqualTo(body.path("cancelled_at").asString());
        assertThat(statusOf(key[0], id)).isEqualTo("cancelled");

        String completed = initiated(key[0], body(newPaymentId(), "0.01", "EUR", callbackUrl("/cb")))
                .path("external_payment_id")
                .asString();
        HttpResponse<String> refused = send("POST", "/api/v1/payments/" + completed + "/cancel", key[0], null, null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(problemType(refused)).endsWith("/payment-not-cancellable");
        assertThat(statusOf(key[0], completed)).isEqualTo("completed");
        String failed = initiated(key[0], body(newPaymentId(), "0.02", "EUR", callbackUrl("/cb")))
                .path("external_payment_id")
                .asString();
        assertThat(send("POST", "/api/v1/payments/" + failed + "/cancel", key[0], null, null)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void everyChangeIsInTheAuditLog() throws Exception {
        String[] key = newKey("sandbox");
        String id = initiated(key[0], body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")))
                .path("external_payment_id")
                .asString();
        send("POST", "/api/v1/payments/" + id + "/cancel", key[0], null, null);
        var audit = db.sql(
                        "SELECT from_status, to_status, actor FROM collect_audit WHERE external_payment_id = :id ORDER BY id")
                .bind("id", id)
                .map(row -> row.get("from_status", String.class) + ">" + row.get("to_status", String.class) + " by "
                        + row.get("actor", String.class))
                .all()
                .collectList()
                .block();
        assertThat(audit)
                .containsExactly(
                        "null>pending by client:" + key[3] + "/" + key[2],
                        "pending>cancelled by client:" + key[3] + "/" + key[2]);
    }
}
