package io.tracknow.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.gateway.GatewayTestSupport;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payment-provider callbacks of seeds 002-004. The CMI, Société Générale and PayZen signatures below
 * were computed with the providers' own reference code (Python: json.dumps(sort_keys=True,
 * separators=(',', ':')), ''.join(str(v) for sorted keys), sha256(answer + key)), not with the
 * gateway's, so these tests check the canonicalisation against the providers' side.
 */
class PaymentCallbackTest extends GatewayTestSupport {

    private static TopicProbe<PaymentCallbackReceived> callbacks;

    @BeforeAll
    static void openCallbacks() {
        callbacks = TopicProbe.avro(Topics.PAYMENT_CALLBACKS);
    }

    @AfterAll
    static void closeCallbacks() {
        callbacks.close();
    }

    private static final String CMI_BODY = """
            {
              "event": "payment.succeeded",
              "payment_id": "PMT_123456789",
              "amount": 15000,
              "currency": "MAD",
              "status": "completed",
              "merchant_id": "123456789",
              "order_id": "ORDER-2025-001",
              "paid_at": "2025-10-23T15:30:00Z",
              "customer": {"name": "Boutique Été", "email": "merchant@example.ma"},
              "signature": "%s"
            }""";
    private static final String CMI_SIGNATURE = "1b802b18645ef8806558160b34dfb0a394995ddc2b4dce9edb0f9745508aaad2";
    private static final String PAYZEN_ANSWER =
            "{\"orderStatus\":\"PAID\",\"orderDetails\":{\"orderId\":\"ORDER-2025-001\","
                    + "\"orderTotalAmount\":15000,\"orderCurrency\":\"MAD\"},\"customer\":{\"email\":\"merchant@example.ma\"},"
                    + "\"transactions\":[{\"uuid\":\"a1b2c3\",\"amount\":15000,\"currency\":\"MAD\",\"status\":\"CAPTURED\"}]}";

    @Test
    void verifiesCmiOverTheSortedCanonicalJsonAndPublishesTheCallback() throws Exception {
        String merchant = merchant("CMI", "cmi-store-key");
        HttpResponse<String> response = json("cmi", merchant, CMI_BODY.formatted(CMI_SIGNATURE), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        PaymentCallbackReceived callback = callback(merchant, "PMT_123456789").getFirst();
        assertThat(callback.getProvider()).isEqualTo("cmi");
        assertThat(callback.getProviderStatus()).isEqualTo("completed");
        assertThat(callback.getAmountMinor()).isEqualTo(15000L);
        assertThat(callback.getCurrency()).isEqualTo("MAD");
        assertThat(callback.getOccurredAt()).isEqualTo(Instant.parse("2025-10-23T15:30:00Z"));
        assertThat(callback.getPayloadJson()).doesNotContain(CMI_SIGNATURE).contains("ORDER-2025-001");

        assertThat(json("cmi", merchant, CMI_BODY.formatted(CMI_SIGNATURE), Map.of())
                        .body())
                .contains("\"duplicate\":true");
        String tampered = CMI_BODY.formatted(CMI_SIGNATURE).replace("15000", "150000");
        assertProblem(json("cmi", merchant, tampered, Map.of()), 401, "invalid-signature");
    }

    @Test
    void verifiesSocieteGeneraleMarocOverTheValuesInKeyOrder() throws Exception {
        String merchant = merchant("SGMA", "sg-secret");
        String body = """
                {"transactionId": "TRX123456789", "orderId": "ORDER-2025-001", "amount": "150.00", "currency": "MAD",
                 "status": "SUCCESS", "paymentDate": "2025-10-23T15:30:00Z", "merchantCode": "SG123456",
                 "signature": "cCK1d1HAD1br3/vL4zWS7Ixd5TWLsijpvNP4C3whTGE="}""";
        HttpResponse<String> response = json("sgma", merchant, body, Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        PaymentCallbackReceived callback = callback(merchant, "TRX123456789").getFirst();
        assertThat(callback.getAmountMinor()).isEqualTo(15000L);
        assertThat(callback.getProviderStatus()).isEqualTo("SUCCESS");
        assertProblem(json("sgma", merchant, body.replace("SUCCESS", "FAILED"), Map.of()), 401, "invalid-signature");
    }

    @Test
    void verifiesAPayZenIpnAsSeed003SignsItAndAsLyraSignsIt() throws Exception {
        String merchant = merchant("PAYZEN", "payzen-key");
        String seedStyle = "{\"kr-answer\": " + PAYZEN_ANSWER
                + ", \"kr-hash\": \"05b47acc04bf00555cd4c6ce9b2be03c011cbf3e7ef20c81f29635733b0d3f17\"}";
        HttpResponse<String> json = json("payzen", merchant, seedStyle, Map.of());
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        PaymentCallbackReceived callback = callback(merchant, "a1b2c3").getFirst();
        assertThat(callback.getProviderStatus()).isEqualTo("PAID");
        assertThat(callback.getAmountMinor()).isEqualTo(15000L);

        String form = "kr-hash-algorithm=sha256_hmac&kr-hash-key=password&kr-answer-type=V4%2FPayment"
                + "&kr-hash=74b4ca933706c2bc8a4b43c34da152a92d70891099e5dddfc07aeb40136b4f12"
                + "&kr-answer=" + URLEncoder.encode(PAYZEN_ANSWER, StandardCharsets.UTF_8);
        HttpResponse<String> lyra = post(
                "/webhooks/payments/payzen/" + merchant,
                utf8(form),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(lyra.statusCode()).as(lyra.body()).isEqualTo(200);
        assertThat(lyra.body())
                .as("same transaction and status as the JSON one")
                .contains("\"duplicate\":true");

        assertProblem(json("payzen", merchant, seedStyle.replace("05b4", "15b4"), Map.of()), 401, "invalid-signature");
    }

    @Test
    void verifiesThePaymentBackendCallbackOfSeed004() throws Exception {
        String merchant = merchant("BACKEND", "webhook-secret");
        String body = """
                {"external_payment_id": "ext_payment_xyz789", "status": "completed",
                 "metadata": {"transaction_id": "txn_123456", "provider": "Orange Money", "completed_at": "2025-01-25T10:15:30Z"}}""";
        HttpResponse<String> response = json(
                "backend",
                merchant,
                body,
                Map.of("X-Payment-Signature", "sha256=" + hexHmac("webhook-secret", utf8(body))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        PaymentCallbackReceived callback =
                callback(merchant, "ext_payment_xyz789").getFirst();
        assertThat(callback.getAmountMinor()).isNull();
        assertThat(callback.getProviderStatus()).isEqualTo("completed");
        assertProblem(
                json("backend", merchant, body, Map.of("X-Payment-Signature", hexHmac("webhook-secret", utf8(body)))),
                401,
                "invalid-signature");
    }

    @Test
    void verifiesWaveWithItsSignedTimestampAndRefusesAStaleOne() throws Exception {
        String merchant = merchant("WAVE", "wave-secret");
        String body = """
                {"id": "EV_%s", "type": "checkout.session.completed",
                 "data": {"id": "cos-18qq25rgr100a", "amount": "1000", "currency": "XOF", "payment_status": "succeeded"}}""".formatted(merchant);
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> response = json("wave", merchant, body, Map.of("Wave-Signature", wave(now, body)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        PaymentCallbackReceived callback =
                callback(merchant, "cos-18qq25rgr100a").getFirst();
        assertThat(callback.getAmountMinor()).as("XOF has no minor digits").isEqualTo(1000L);
        assertProblem(
                json(
                        "wave",
                        merchant,
                        body.replace("EV_", "EV2_"),
                        Map.of("Wave-Signature", wave(now - 600, body.replace("EV_", "EV2_")))),
                400,
                "stale-timestamp");
    }

    @Test
    void verifiesMobileMoneyCallbacksWithTheGatewaysHmacHeader() throws Exception {
        String merchant = merchant("ORANGE_MONEY", "om-secret");
        String body =
                "{\"txnid\": \"MP250125.1015.A12345\", \"status\": \"SUCCESS\", \"amount\": \"2500\", \"currency\": \"XOF\"}";
        HttpResponse<String> response =
                json("orange-money", merchant, body, Map.of("X-Signature", hexHmac("om-secret", utf8(body))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(callback(merchant, "MP250125.1015.A12345").getFirst().getAmountMinor())
                .isEqualTo(2500L);
        assertProblem(
                json("orange-money", merchant, body, Map.of("X-Signature", hexHmac("other", utf8(body)))),
                401,
                "invalid-signature");
    }

    @Test
    void refusesAnUnknownProviderAndAProviderTheMerchantHasNotConfigured() throws Exception {
        String merchant = merchant("CMI", "cmi-store-key");
        assertProblem(json("paypal", merchant, "{}", Map.of()), 404, "unknown-provider");
        assertProblem(json("wave", merchant, "{}", Map.of()), 404, "unknown-merchant");
    }

    private String merchant(String source, String secret) throws Exception {
        String merchant = uniqueMerchant();
        configure(merchant, source, "{\"secrets\": [\"" + secret + "\"]}");
        return merchant;
    }

    private static String wave(long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hexHmac("wave-secret", utf8(timestamp + body));
    }

    private HttpResponse<String> json(String provider, String merchant, String body, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return post("/webhooks/payments/" + provider + "/" + merchant, utf8(body), all);
    }

    private static List<PaymentCallbackReceived> callback(String merchant, String paymentId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> callbacks.values(c -> c.getMerchantId().equals(merchant)
                                && c.getExternalPaymentId().equals(paymentId)),
                        list -> !list.isEmpty());
    }
}
