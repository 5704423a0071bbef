package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Seed 004 "Test Data": the magic amounts, in any currency, and the payment page for every other amount. */
class SandboxTest extends CollectApiTestBase {

    @Test
    void magicAmountsSettleAsTheSeedSays() throws Exception {
        String[] key = newKey("sandbox");
        String completed = initiate(key, "0.01", "EUR");
        JsonNode status = JSON.readTree(status(key[0], completed).body());
        assertThat(status.path("status").asString()).isEqualTo("completed");
        assertThat(status.path("completed_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(status.path("transaction_id").asString()).startsWith("txn_");
        assertThat(status.path("provider_reference").asString()).startsWith("sandbox_");

        assertThat(statusOf(key[0], initiate(key, "0.02", "EUR"))).isEqualTo("failed");
        assertThat(statusOf(key[0], initiate(key, "0.03", "EUR"))).isEqualTo("cancelled");
        assertThat(statusOf(key[0], initiate(key, "0.01", "USD")))
                .as("any currency")
                .isEqualTo("completed");
        assertThat(statusOf(key[0], initiate(key, "7.50", "EUR"))).isEqualTo("pending");

        String slow = initiate(key, "3.00", "EUR");
        assertThat(statusOf(key[0], slow)).isEqualTo("pending");
        // completes after tracknow.collect.sandbox-slow-delay (2 s here, 30 s by default)
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(statusOf(key[0], slow)).isEqualTo("completed"));
    }

    @Test
    void magicAmountsCountInMinorUnitsSoTheyExistInCurrenciesWithoutDecimals() throws Exception {
        String[] key = newKey("sandbox");
        assertThat(statusOf(key[0], initiate(key, "1", "XOF"))).isEqualTo("completed");
        assertThat(statusOf(key[0], initiate(key, "2", "XAF"))).isEqualTo("failed");
        assertThat(statusOf(key[0], initiate(key, "3", "XOF"))).isEqualTo("cancelled");
        assertThat(statusOf(key[0], initiate(key, "0.001", "KWD"))).isEqualTo("completed");
        assertThat(statusOf(key[0], initiate(key, "0.01", "KWD")))
                .as("10 fils is not a magic amount")
                .isEqualTo("pending");
        assertThat(statusOf(key[0], initiate(key, "100", "XOF"))).isEqualTo("pending");
        String slow = initiate(key, "300", "XOF");
        assertThat(statusOf(key[0], slow)).isEqualTo("pending");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(statusOf(key[0], slow)).isEqualTo("completed"));
        HttpResponse<String> cents = initiate(key[0], body(newPaymentId(), "0.01", "XOF", callbackUrl("/sandbox-cb")));
        assertThat(cents.statusCode()).as("XOF has no decimals").isEqualTo(400);
    }

    @Test
    void thePaymentPageShowsTheQrCodeAndPaysOrCancels() throws Exception {
        String[] key = newKey("sandbox");
        String paid = initiate(key, "12.00", "EUR");
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/pay/" + paid)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body())
                .contains("12.00 EUR", "data:image/png;base64,", "/pay/" + paid + "/pay", "/pay/" + paid + "/cancel");

        HttpResponse<String> pay = post("/pay/" + paid + "/pay");
        assertThat(pay.statusCode()).isEqualTo(303);
        assertThat(pay.headers().firstValue("Location")).hasValue("/pay/" + paid);
        assertThat(statusOf(key[0], paid)).isEqualTo("completed");
        assertThat(post("/pay/" + paid + "/cancel").statusCode())
                .as("a final payment stays as it is")
                .isEqualTo(303);
        assertThat(statusOf(key[0], paid)).isEqualTo("completed");

        String cancelled = initiate(key, "12.00", "EUR");
        post("/pay/" + cancelled + "/cancel");
        assertThat(statusOf(key[0], cancelled)).isEqualTo("cancelled");
        assertThat(post("/pay/ext_unknown/pay").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnpaidPaymentIsCancelledWhenItExpires() throws Exception {
        String[] key = newKey("sandbox");
        String id = initiate(key, "7.50", "EUR");
        String step = db.sql(
                        "SELECT due_status || ' at expiry: ' || (due_at = expires_at) AS step FROM collect_payments"
                                + " WHERE external_payment_id = :id")
                .bind("id", id)
                .map(row -> row.get("step", String.class))
                .one()
                .block();
        assertThat(step).as("its next step").isEqualTo("cancelled at expiry: true");
        // let it expire now rather than in an hour
        db.sql("UPDATE collect_payments SET due_at = now() - interval '1 second' WHERE external_payment_id = :id")
                .bind("id", id)
                .fetch()
                .rowsUpdated()
                .block();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(statusOf(key[0], id)).isEqualTo("cancelled"));
        assertThat(JSON.readTree(status(key[0], id).body())
                        .path("metadata")
                        .path("reason")
                        .asString())
                .isEqualTo("expired");
    }

    private String initiate(String[] key, String amount, String currency) throws Exception {
        return initiated(key[0], body(newPaymentId(), amount, currency, callbackUrl("/sandbox-cb")))
                .path("external_payment_id")
                .asString();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
