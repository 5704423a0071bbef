package io.tracknow.payment.collect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.schemas.Topics;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Live keys through the money-out connectors (MTN MoMo's Open API, stubbed by WireMock in its documented
 * shapes): the operator's per-client provider, processing when the provider accepted, completed only when the
 * provider's status API confirms its callback, failed with the provider's reason, pending after a timeout.
 */
class LiveCollectTest extends CollectApiTestBase {

    /** https and a public address, as a live callback_url must be; its callbacks are only queued here. */
    private static final String LIVE_CALLBACK = "https://93.184.216.34/cb";

    private static final String MOMO_SECRET = "momo-api-key-" + UUID.randomUUID();

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @BeforeEach
    void momoToken() {
        PROVIDERS.stubFor(post(urlEqualTo("/mtn_momo/collection/token/"))
                .willReturn(json(
                        200,
                        "{\"access_token\": \"momo-tok\", \"token_type\": \"access_token\", \"expires_in\": 3600}")));
    }

    @Test
    void aLiveKeyWithoutAProviderGets501NamingWhatIsMissingAndNothingIsStored() throws Exception {
        String[] live = newKey("live");
        HttpResponse<String> response = initiate(live[0], liveBody(newPaymentId(), "5000", "XAF", "+237670000001"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(501);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).endsWith("/provider-not-configured");
        assertThat(problem.path("detail").asString())
                .contains("no live provider configured for mobile_money", "/providers/");
        assertThat(count("SELECT count(*) FROM collect_payments WHERE client_id = '" + live[3] + "'"))
                .isZero();

        configureMomo(live[3]);
        HttpResponse<String> euro = initiate(live[0], liveBody(newPaymentId(), "50.00", "GBP", "+237670000001"));
        assertThat(euro.statusCode()).as(euro.body()).isEqualTo(501);
        assertThat(JSON.readTree(euro.body()).path("detail").asString()).contains("does not take GBP");
    }

    @Test
    void theOperatorConnectsAProviderWhoseSecretsAreSealedAndNeverShown() throws Exception {
        String client = "client-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/payment-clients/" + client + "/providers/mobile_money";
        assertThat(send("PUT", path, OPERATOR, "{\"gateway\": \"cmi\"}", null).statusCode())
                .as("a card gateway for mobile money")
                .isEqualTo(400);
        assertThat(send("PUT", path, OPERATOR, "{\"gateway\": \"mtn_momo\", \"momo_api_user\": \"u\"}", null)
                        .statusCode())
                .as("secrets missing")
                .isEqualTo(400);
        assertThat(send("PUT", path, OPERATOR, momoConfig().replace("}", ", \"momo_payer_msisdn\": \"+2376\"}"), null)
                        .statusCode())
                .as("the payer comes with each payment")
                .isEqualTo(400);
        assertThat(send("PUT", "/api/payment-clients/" + client + "/providers/bitcoin", OPERATOR, momoConfig(), null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("PUT", path, MERCHANT, momoConfig(), null).statusCode()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM collect_client_providers WHERE client_id = '" + client + "'"))
                .isZero();

        HttpResponse<String> put = send("PUT", path, OPERATOR, momoConfig(), null);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("mtn_momo", "momo_api_key").doesNotContain(MOMO_SECRET);
        HttpResponse<String> list = send("GET", "/api/payment-clients/" + client + "/providers", OPERATOR, null, null);
        assertThat(list.body()).contains("mtncameroon").doesNotContain(MOMO_SECRET);
        ByteBuffer sealed = db.sql("SELECT secrets_sealed FROM collect_client_providers WHERE client_id = :c")
                .bind("c", client)
                .map(row -> row.get(0, ByteBuffer.class))
                .one()
                .block();
        byte[] bytes = new byte[sealed.remaining()];
        sealed.get(bytes);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(MOMO_SECRET);
    }

    @Test
    void aPaymentTheProviderAcceptsIsProcessingAndCompletesWhenItsStatusApiConfirmsTheCallback() throws Exception {
        String[] live = newKey("live");
        configureMomo(live[3]);
        String phone = "+2376" + digits(8);
        PROVIDERS.stubFor(post(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay"))
                .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(phone.substring(1))))
                .willReturn(aResponse().withStatus(202)));

        JsonNode answer = initiated(live[0], liveBody(newPaymentId(), "5000", "XAF", phone));
        String id = answer.path("external_payment_id").asString();
        assertThat(answer.path("status").asString()).isEqualTo("processing");
        assertThat(answer.path("payment_url").asString()).isEqualTo("https://pay.sandbox.test/pay/" + id + "/wallet");
        JsonNode status = JSON.readTree(status(live[0], id).body());
        assertThat(status.path("status").asString()).isEqualTo("processing");
        String reference = status.path("provider_reference").asString();
        assertThat(UUID.fromString(reference)).isNotNull();
        assertThat(status.path("metadata").path("provider").asString()).isEqualTo("MTN MoMo");
        PROVIDERS.verify(postRequestedFor(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay"))
                .withHeader("X-Reference-Id", equalTo(reference))
                .withHeader(
                        "X-Callback-Url", equalTo("https://hooks.tracknow.test/webhooks/payments/mtn_momo/" + live[3]))
                .withRequestBody(matchingJsonPath("$.amount", equalTo("5000")))
                .withRequestBody(matchingJsonPath("$.externalId", equalTo(id))));
        assertThat(callbackStatuses(id)).isEqualTo("processing");
        assertThat(send("GET", "/pay/" + id + "/wallet", null, null, null).body())
                .contains("Approve", "processing");

        PROVIDERS.stubFor(get(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay/" + reference))
                .willReturn(json(200, """
                        {"amount": "5000", "currency": "XAF", "financialTransactionId": "fin-%s", "externalId": "%s",
                         "payer": {"partyIdType": "MSISDN", "partyId": "%s"}, "status": "SUCCESSFUL"}""".formatted(reference, id, phone.substring(1)))));
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "mtn-momo|" + reference, callback(reference, 5000L, "XAF"))
                .get();

        awaitStored(id, "completed");
        JsonNode completed = JSON.readTree(status(live[0], id).body());
        assertThat(completed.path("transaction_id").asString()).isEqualTo("fin-" + reference);
        assertThat(completed.path("provider_reference").asString()).isEqualTo(reference);
        PROVIDERS.verify(getRequestedFor(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay/" + reference)));
        assertThat(callbackStatuses(id)).isEqualTo("processing,completed");
    }

    @Test
    void aProviderRefusalFailsThePaymentWithTheProvidersReason() throws Exception {
        String[] live = newKey("live");
        configureMomo(live[3]);
        String phone = "+2376" + digits(8);
        PROVIDERS.stubFor(post(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay"))
                .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(phone.substring(1))))
                .willReturn(json(400, "{\"code\": \"PAYER_NOT_FOUND\", \"message\": \"Payer not found\"}")));

        JsonNode answer = initiated(live[0], liveBody(newPaymentId(), "5000", "XAF", phone));
        String id = answer.path("external_payment_id").asString();
        JsonNode status = JSON.readTree(status(live[0], id).body());
        assertThat(status.path("status").asString()).isEqualTo("failed");
        assertThat(status.path("metadata").path("reason").asString())
                .startsWith("provider refused")
                .contains("HTTP 400", "Payer not found");
        assertThat(callbackStatuses(id)).isEqualTo("failed");
    }

    @Test
    void aProviderThatDoesNotAnswerLeavesThePaymentPendingUntilItCallsBack() throws Exception {
        String[] live = newKey("live");
        configureMomo(live[3]);
        String phone = "+2376" + digits(8);
        PROVIDERS.stubFor(post(urlEqualTo("/mtn_momo/collection/v1_0/requesttopay"))
                .withRequestBody(matchingJsonPath("$.payer.partyId", equalTo(phone.substring(1))))
                .willReturn(aResponse().withStatus(202).withFixedDelay(3000)));

        JsonNode answer = initiated(live[0], liveBody(newPaymentId(), "5000", "XAF", phone));
        String id = answer.path("external_payment_id").asString();
        assertThat(answer.path("status").asString()).isEqualTo("pending");
        assertThat(statusOf(live[0], id)).isEqualTo("pending");
        assertThat(callbackStatuses(id)).isEmpty();

        // the provider calls back naming the payment by the externalId we sent; its status API is asked first
        PROVIDERS.stubFor(
                get(urlPathMatching("/mtn_momo/collection/v1_0/requesttopay/" + id))
                        .willReturn(
                                json(
                                        200,
                                        "{\"amount\": \"5000\", \"currency\": \"XAF\", \"status\": \"FAILED\", \"reason\": \"APPROVAL_REJECTED\"}")));
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "mtn-momo|" + id, callback(id, null, null))
                .get();
        awaitStored(id, "failed");
        assertThat(JSON.readTree(status(live[0], id).body())
                        .path("metadata")
                        .path("reason")
                        .asString())
                .contains("APPROVAL_REJECTED");
    }

    @Test
    void aPushProviderNeedsThePayersNumber() throws Exception {
        String[] live = newKey("live");
        configureMomo(live[3]);
        HttpResponse<String> response = initiate(live[0], liveBody(newPaymentId(), "5000", "XAF", "0670000000"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("metadata.phone_number");
        assertThat(count("SELECT count(*) FROM collect_payments WHERE client_id = '" + live[3] + "'"))
                .isZero();
    }

    private void configureMomo(String client) throws Exception {
        HttpResponse<String> put =
                send("PUT", "/api/payment-clients/" + client + "/providers/mobile_money", OPERATOR, momoConfig(), null);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private static String momoConfig() {
        return """
                {"gateway": "mtn_momo", "momo_api_user": "api-user-1", "momo_target_environment": "mtncameroon",
                 "momo_api_key": "%s", "momo_subscription_key": "momo-sub-2"}""".formatted(MOMO_SECRET);
    }

    private static String liveBody(String paymentId, String amount, String currency, String phone) {
        return """
                {"payment_id": "%s", "amount": %s, "currency": "%s", "payment_method": "mobile_money",
                 "metadata": {"description": "Upgrade to Pro plan", "phone_number": "%s"},
                 "callback_url": "%s"}""".formatted(paymentId, amount, currency, phone, LIVE_CALLBACK);
    }

    /** Waits on the table, not the API, so that polling does not spend the key's rate limit. */
    private void awaitStored(String id, String status) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> db.sql("SELECT status FROM collect_payments WHERE external_payment_id = :id")
                                .bind("id", id)
                                .map(row -> row.get(0, String.class))
                                .one()
                                .block(),
                        status::equals);
    }

    /** The statuses called back to the client, in order. */
    private String callbackStatuses(String id) {
        return String.join(
                ",",
                db.sql("SELECT body FROM collect_callbacks WHERE external_payment_id = :id ORDER BY id")
                        .bind("id", id)
                        .map(row -> JSON.readTree(row.get(0, String.class))
                                .path("status")
                                .asString())
                        .all()
                        .collectList()
                        .block());
    }

    private static PaymentCallbackReceived callback(String externalId, Long amount, String currency) {
        return PaymentCallbackReceived.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setProvider("mtn-momo")
                .setMerchantId("client")
                .setExternalPaymentId(externalId)
                .setProviderStatus("SUCCESSFUL")
                .setAmountMinor(amount)
                .setCurrency(currency)
                .setPayloadJson("{}")
                .build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static String digits(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append((int) (Math.random() * 10));
        }
        return out.toString();
    }
}
