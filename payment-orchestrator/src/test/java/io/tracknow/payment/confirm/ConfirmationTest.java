package io.tracknow.payment.confirm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.testsupport.ServiceUnderTest;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.payment.PaymentIntegrationTest;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.NewTransaction;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.schemas.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

class ConfirmationTest extends PaymentIntegrationTest {

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    Journal journal;

    @Autowired
    Janitor janitor;

    @Test
    void aConfirmedCallbackCompletesTheDebitOnceHoweverOftenItComes() throws Exception {
        Transaction debit = sentCmiDebit(15000);
        statusApi(debit, "completed", 15000, "MAD");
        PaymentCallbackReceived callback = callback(debit, "completed", 15000L, "MAD");

        double before = handled();
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "cmi|" + debit.externalId(), callback)
                .get();
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "cmi|" + debit.externalId(), callback)
                .get();
        kafka.send(
                        Topics.PAYMENT_CALLBACKS.name(),
                        "cmi|" + debit.externalId(),
                        callback(debit, "completed", 15000L, "MAD"))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 3);

        assertThat(journal.find(debit.id()).block().status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(journal.history(debit.id()).collectList().block())
                .containsExactly("pending", "processing", "completed");
        PROVIDERS.verify(getRequestedFor(urlEqualTo("/cmi/payments/" + debit.externalId())));
        try (TopicProbe<PaymentEvent> payments = TopicProbe.avro(Topics.PAYMENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    payments
                                            .values(e -> e.getPaymentId()
                                                    .equals(debit.id().toString()))
                                            .stream()
                                            .map(PaymentEvent::getStatus)
                                            .toList())
                            .containsExactly(PaymentStatus.INITIATED, PaymentStatus.PENDING, PaymentStatus.SUCCEEDED));
        }
    }

    @Test
    void aCallbackTheProviderDoesNotConfirmBooksNothing() throws Exception {
        Transaction debit = sentCmiDebit(15000);
        statusApi(debit, "pending", 15000, "MAD");

        double before = handled();
        kafka.send(
                        Topics.PAYMENT_CALLBACKS.name(),
                        "cmi|" + debit.externalId(),
                        callback(debit, "completed", 15000L, "MAD"))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 1);

        assertThat(journal.find(debit.id()).block().status()).isEqualTo(TransactionStatus.PROCESSING);
    }

    @Test
    void anAmountThatDisagreesSendsThePaymentToReviewWhereTheOperatorDecides() throws Exception {
        Transaction byStatusApi = sentCmiDebit(15000);
        statusApi(byStatusApi, "completed", 1500, "MAD");
        Transaction byCallback = sentCmiDebit(20000);

        double before = handled();
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "cmi|x", callback(byStatusApi, "completed", null, null))
                .get();
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "cmi|y", callback(byCallback, "completed", 20000L, "EUR"))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 2);

        Transaction review = journal.find(byStatusApi.id()).block();
        assertThat(review.status()).isEqualTo(TransactionStatus.REVIEW);
        assertThat(review.failureReason()).contains("1500", "15000");
        assertThat(journal.find(byCallback.id()).block().status()).isEqualTo(TransactionStatus.REVIEW);
        assertThat(journal.find(byCallback.id()).block().failureReason()).contains("EUR");
        PROVIDERS.verify(0, getRequestedFor(urlEqualTo("/cmi/payments/" + byCallback.externalId())));

        String resolve = "/api/payments/" + review.id() + "/resolve";
        assertThat(send("POST", resolve, OPERATOR, "{\"status\": \"completed\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("POST", resolve, MERCHANT_TOKEN, "{\"status\": \"completed\", \"reason\": \"x\"}")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> decided = send(
                "POST",
                resolve,
                OPERATOR,
                "{\"status\": \"completed\", \"reason\": \"15000 seen on the CMI back office\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(journal.find(review.id()).block().status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(send("POST", resolve, OPERATOR, "{\"status\": \"failed\", \"reason\": \"again\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(send("GET", "/api/payments/" + review.id(), OPERATOR, null).body())
                .contains("\"history\":[\"pending\",\"processing\",\"review\",\"completed\"]");
    }

    @Test
    void aCallbackForAnUnknownOrSettledPaymentChangesNothing() throws Exception {
        Transaction settled = sentCmiDebit(15000);
        journal.move(settled.id(), TransactionStatus.FAILED, Journal.Details.reason("declined"), "test")
                .block();
        Transaction unknown = new Transaction(
                UUID.randomUUID(),
                PaymentKind.MERCHANT_DEBIT,
                "m",
                null,
                "cmi",
                "PMT_nobody",
                "k",
                null,
                1,
                "MAD",
                0,
                null,
                TransactionStatus.PROCESSING,
                null,
                null,
                null,
                null,
                List.of(),
                Instant.now(),
                Instant.now(),
                null);

        double before = handled();
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "cmi|PMT_nobody", callback(unknown, "completed", 1L, "MAD"))
                .get();
        kafka.send(Topics.PAYMENT_CALLBACKS.name(), "cmi|s", callback(settled, "completed", 15000L, "MAD"))
                .get();
        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 2);

        assertThat(journal.find(settled.id()).block().status()).isEqualTo(TransactionStatus.FAILED);
    }

    @Test
    void theJanitorSendsWhatWasNeverSentAndSettlesWhatNoCallbackSettled() throws Exception {
        Transaction lost = sentCmiDebit(15000);
        statusApi(lost, "completed", 15000, "MAD");
        String merchant = "m-" + UUID.randomUUID();
        cmiSetUp(merchant);
        Transaction neverSent = journal.open(
                        new NewTransaction(
                                PaymentKind.MERCHANT_DEBIT,
                                merchant,
                                null,
                                "cmi",
                                "test|" + UUID.randomUUID(),
                                "2026-W01",
                                9900,
                                "MAD",
                                List.of()),
                        "test")
                .block()
                .transaction();
        PROVIDERS.stubFor(post(urlEqualTo("/cmi/payments/create"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                        neverSent.id().toString()))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"payment_id\": \"PMT_late\", \"status\": \"pending\"}")));

        janitor.sweep(Instant.now().plus(Duration.ofHours(1)));

        assertThat(journal.find(lost.id()).block().status()).isEqualTo(TransactionStatus.COMPLETED);
        Transaction sent = journal.find(neverSent.id()).block();
        assertThat(sent.status()).isEqualTo(TransactionStatus.PROCESSING);
        assertThat(sent.externalId()).isEqualTo("PMT_late");
    }

    private Transaction sentCmiDebit(long amount) throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        cmiSetUp(merchant);
        Transaction opened = journal.open(
                        new NewTransaction(
                                PaymentKind.MERCHANT_DEBIT,
                                merchant,
                                null,
                                "cmi",
                                "test|" + UUID.randomUUID(),
                                "2026-W01",
                                amount,
                                "MAD",
                                List.of()),
                        "test")
                .block()
                .transaction();
        return journal.move(
                        opened.id(),
                        TransactionStatus.PROCESSING,
                        new Journal.Details("PMT_" + opened.id(), null, null, null, null, null),
                        "test")
                .block();
    }

    private void cmiSetUp(String merchant) throws Exception {
        HttpResponse<String> put = send("PUT", "/api/merchants/" + merchant + "/payment-setup", OPERATOR, """
                {"gateway": "cmi", "cmi_merchant_id": "1", "cmi_api_key": "sk_live_cmi_secret_1", "cmi_store_key": "store_key_2",
                 "cmi_terminal_id": "T001", "currency": "MAD"}""");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private static void statusApi(Transaction debit, String status, long amount, String currency) {
        PROVIDERS.stubFor(get(urlEqualTo("/cmi/payments/" + debit.externalId()))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"payment_id\": \"" + debit.externalId() + "\", \"amount\": " + amount
                                + ", \"currency\": \"" + currency + "\", \"status\": \"" + status + "\"}")));
    }

    private static PaymentCallbackReceived callback(Transaction debit, String status, Long amount, String currency) {
        return PaymentCallbackReceived.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setProvider("cmi")
                .setMerchantId(debit.merchantId())
                .setExternalPaymentId(debit.externalId())
                .setProviderStatus(status)
                .setAmountMinor(amount)
                .setCurrency(currency)
                .setPayloadJson("{\"event\": \"payment.succeeded\"}")
                .build();
    }

    private double handled() {
        return new ServiceUnderTest(environment, meters).handled("payment.callbacks");
    }
}
