package io.tracknow.payment.debits;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.testsupport.TestEvents;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.payment.PaymentIntegrationTest;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.connectors.PaymentOrder;
import io.tracknow.payment.journal.Journal;
import io.tracknow.payment.journal.Transaction;
import io.tracknow.payment.journal.TransactionStatus;
import io.tracknow.payment.setup.SetupStore;
import io.tracknow.schemas.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.reactive.TransactionalOperator;

class DebitRunTest extends PaymentIntegrationTest {

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    DebitRun run;

    @Autowired
    DueDebits due;

    @Autowired
    Invoices invoices;

    @Autowired
    Journal journal;

    @Autowired
    SetupStore setups;

    @Autowired
    DebitSender sender;

    @Autowired
    TransactionalOperator transaction;

    @Autowired
    PaymentProperties properties;

    @Test
    void twoReplicasRunningAtOnceRecordAndSendOneDebitPerMerchantPeriodAndCurrency() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        setUp(merchant, """
                {"gateway": "cmi", "cmi_merchant_id": "123456789", "cmi_api_key": "sk_live_cmi_secret_1",
                 "cmi_store_key": "store_key_secret_2", "cmi_terminal_id": "T001", "currency": "MAD", "auto_debit_enabled": true,
                 "activated_at": "2020-01-01T00:00:00Z"}""");
        PROVIDERS.stubFor(
                post(urlEqualTo("/cmi/payments/create"))
                        .withRequestBody(equalToJson("{\"customer\": {\"name\": \"" + merchant + "\"}}", true, true))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"payment_id\": \"PMT_" + merchant + "\", \"status\": \"pending\","
                                                        + " \"payment_url\": \"https://payment.cmi.co.ma/pay/x\", \"expires_at\": \"2025-10-24T10:00:00Z\"}")));
        CommissionEvent first = validated(merchant, "MAD", 1883, 628);
        CommissionEvent second = validated(merchant, "MAD", 1000, 500);
        CommissionEvent third = accrued(merchant, "MAD", 700, 300); // still in its hold: not debited
        partlyRefund(second, 100, 50);
        awaitPayables(merchant, 3, 2);
        awaitReversals(merchant, 1);

        DebitRun otherReplica = new DebitRun(db, due, invoices, journal, setups, sender, transaction, properties);
        CyclicBarrier start = new CyclicBarrier(2);
        Instant now = Instant.now();
        CompletableFuture<List<Transaction>> a = CompletableFuture.supplyAsync(() -> at(start, () -> run.run(now)));
        CompletableFuture<List<Transaction>> b =
                CompletableFuture.supplyAsync(() -> at(start, () -> otherReplica.run(now)));
        List<Transaction> recorded = new ArrayList<>(a.get());
        recorded.addAll(b.get());

        List<Transaction> mine =
                recorded.stream().filter(t -> t.merchantId().equals(merchant)).toList();
        assertThat(mine).hasSize(1);
        Transaction debit = journal.find(mine.getFirst().id()).block();
        assertThat(debit.amountMinor()).isEqualTo(1883 + 628 + 1000 + 500 - 100 - 50);
        assertThat(debit.currency()).isEqualTo("MAD");
        assertThat(debit.idempotencyKey()).isEqualTo("debit|" + merchant + "|" + debit.period() + "|MAD");
        assertThat(debit.commissionIds()).containsExactlyInAnyOrder(first.getCommissionId(), second.getCommissionId());
        assertThat(debit.status()).isEqualTo(TransactionStatus.PROCESSING);
        assertThat(debit.externalId()).isEqualTo("PMT_" + merchant);
        assertThat(debit.requestPayload()).doesNotContain("sk_live_cmi_secret_1");
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/cmi/payments/create"))
                        .withRequestBody(equalToJson(
                                "{\"amount\": " + debit.amountMinor() + ", \"order_id\": \"" + debit.id() + "\"}",
                                true,
                                true)));
        assertThat(journal.history(debit.id()).collectList().block()).containsExactly("pending", "processing");

        assertThat(run.run(Instant.now()).stream().filter(t -> t.merchantId().equals(merchant)))
                .as("a rerun")
                .isEmpty();
        assertThat(third.getCommissionId()).isNotNull();
        try (TopicProbe<PaymentEvent> payments = TopicProbe.avro(Topics.PAYMENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    payments
                                            .values(e -> e.getPaymentId()
                                                    .equals(debit.id().toString()))
                                            .stream()
                                            .map(PaymentEvent::getStatus)
                                            .toList())
                            .containsExactly(PaymentStatus.INITIATED, PaymentStatus.PENDING));
            PaymentEvent initiated = payments.values(
                            e -> e.getPaymentId().equals(debit.id().toString()))
                    .getFirst();
            assertThat(initiated.getKind()).isEqualTo(PaymentKind.MERCHANT_DEBIT);
            assertThat(initiated.getMerchantId()).isEqualTo(merchant);
            assertThat(initiated.getAmountMinor()).isEqualTo(debit.amountMinor());
            assertThat(initiated.getGateway()).isEqualTo("cmi");
            assertThat(initiated.getCommissionIds()).hasSize(2);
        }
    }

    @Test
    void aManualMerchantGetsAnInvoiceThatTheOperatorMarksPaidOnce() throws Exception {
        String merchant = manualMerchant();
        validated(merchant, "USD", 1883, 628);
        awaitPayables(merchant, 1, 1);

        Transaction debit = run.run(Instant.now()).stream()
                .filter(t -> t.merchantId().equals(merchant))
                .findFirst()
                .orElseThrow();

        assertThat(journal.find(debit.id()).block().status())
                .as("awaits the operator")
                .isEqualTo(TransactionStatus.PENDING);
        assertThat(send("GET", "/api/merchants/" + merchant + "/invoices", OPERATOR, null)
                        .body())
                .contains(debit.id().toString(), "\"amountMinor\":2511", "\"paidAt\":null");
        String paid = "/api/invoices/" + debit.id() + "/paid";
        assertThat(send("POST", paid, MERCHANT_TOKEN, "{}").statusCode())
                .as("not the merchant's to say")
                .isEqualTo(404);
        assertThat(send("POST", paid, null, "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> marked = send("POST", paid, OPERATOR, "{\"reference\": \"VIR-2026-001\"}");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(journal.find(debit.id()).block().status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(send("POST", paid, OPERATOR, "{}").statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/invoices/" + UUID.randomUUID() + "/paid", OPERATOR, "{}")
                        .statusCode())
                .isEqualTo(404);
        try (TopicProbe<PaymentEvent> payments = TopicProbe.avro(Topics.PAYMENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(
                                    payments
                                            .values(e -> e.getPaymentId()
                                                    .equals(debit.id().toString()))
                                            .stream()
                                            .map(PaymentEvent::getStatus)
                                            .toList())
                            .containsExactly(PaymentStatus.INITIATED, PaymentStatus.SUCCEEDED));
        }
    }

    @Test
    void leavesAMerchantWithoutAutoDebitOrSetUpForLater() throws Exception {
        String off = "m-" + UUID.randomUUID();
        setUp(off, "{\"gateway\": \"manual\", \"currency\": \"USD\", \"auto_debit_enabled\": false}");
        String none = "m-" + UUID.randomUUID();
        validated(off, "USD", 100, 50);
        validated(none, "USD", 100, 50);
        awaitPayables(off, 1, 1);
        awaitPayables(none, 1, 1);

        assertThat(run.run(Instant.now()).stream().map(Transaction::merchantId)).doesNotContain(off, none);
    }

    /**
     * The operator's debit run now (the demo's): refused without the operator's token, recording nothing;
     * with it, the merchant is debited at once under a key of its own, and the scheduled run of the same
     * period still collects what was validated since, never a commission twice.
     */
    @Test
    void theOperatorRunsTheDebitRunNowAndOnlyTheOperator() throws Exception {
        String merchant = manualMerchant();
        CommissionEvent first = validated(merchant, "USD", 1883, 628);
        awaitPayables(merchant, 1, 1);

        assertThat(send("POST", "/api/debits/run", MERCHANT_TOKEN, null).statusCode())
                .as("never a merchant")
                .isEqualTo(404);
        assertThat(send("POST", "/api/debits/run", null, null).statusCode()).isEqualTo(401);
        assertThat(journal.of(PaymentKind.MERCHANT_DEBIT, merchant, 10)
                        .collectList()
                        .block())
                .as("a refused run records nothing")
                .isEmpty();

        HttpResponse<String> ran = send("POST", "/api/debits/run", OPERATOR, null);
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        Transaction debit = journal.of(PaymentKind.MERCHANT_DEBIT, merchant, 10)
                .collectList()
                .block()
                .getFirst();
        assertThat(ran.body()).contains(debit.id().toString(), "\"amountMinor\":2511");
        assertThat(debit.commissionIds()).containsExactly(first.getCommissionId());
        assertThat(debit.idempotencyKey()).startsWith("debit|" + merchant + "|" + debit.period() + "|USD|now-");

        CommissionEvent second = validated(merchant, "USD", 1000, 500);
        awaitPayables(merchant, 2, 2);
        Transaction scheduled = run.run(Instant.now()).stream()
                .filter(t -> t.merchantId().equals(merchant))
                .findFirst()
                .orElseThrow();
        assertThat(scheduled.amountMinor()).as("only what was validated since").isEqualTo(1500);
        assertThat(scheduled.commissionIds()).containsExactly(second.getCommissionId());
        assertThat(scheduled.idempotencyKey()).isEqualTo("debit|" + merchant + "|" + scheduled.period() + "|USD");
        assertThat(run.run(Instant.now()).stream().map(Transaction::merchantId))
                .as("a rerun")
                .doesNotContain(merchant);
    }

    /**
     * A reversal that arrives after its commission was debited is netted from the merchant's next debit,
     * once that debit completed (a debit still open nets nothing), and only once.
     */
    @Test
    void aReversalAfterItsCommissionsDebitCompletedIsNettedFromTheNextDebitOnce() throws Exception {
        String merchant = manualMerchant();
        CommissionEvent a = validated(merchant, "USD", 1883, 628);
        awaitPayables(merchant, 1, 1);
        Instant now = Instant.now();
        Transaction first = mine(run.run(now, "one"), merchant);
        assertThat(first.amountMinor()).isEqualTo(2511);

        partlyRefund(a, 753, 251); // after its debit was recorded, while that debit is still open
        awaitReversals(merchant, 1);
        CommissionEvent b = validated(merchant, "USD", 1000, 500);
        awaitPayables(merchant, 2, 2);
        Transaction second = mine(run.run(now, "two"), merchant);
        assertThat(second.amountMinor())
                .as("the first debit is not completed: nothing netted")
                .isEqualTo(1500);
        assertThat(second.commissionIds()).containsExactly(b.getCommissionId());

        HttpResponse<String> paid = send("POST", "/api/invoices/" + first.id() + "/paid", OPERATOR, "{}");
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        CommissionEvent c = validated(merchant, "USD", 3000, 1000);
        awaitPayables(merchant, 3, 3);
        Transaction third = mine(run.run(now, "three"), merchant);
        assertThat(third.amountMinor())
                .as("4000 less the late reversal 753 + 251")
                .isEqualTo(4000 - 1004);
        assertThat(third.commissionIds()).containsExactly(c.getCommissionId());

        CommissionEvent d = validated(merchant, "USD", 100, 50);
        awaitPayables(merchant, 4, 4);
        Transaction fourth = mine(run.run(now, "four"), merchant);
        assertThat(fourth.amountMinor()).as("netted once").isEqualTo(150);
        assertThat(fourth.commissionIds()).containsExactly(d.getCommissionId());
    }

    @Test
    void payZenSplitsSumToTheDebitWhenALateReversalIsNetted() {
        assertThat(DebitSender.splits(List.of(new DueDebits.Share("inf-a", 1883, 628)), "platform"))
                .extracting(PaymentOrder.Split::accountId, PaymentOrder.Split::amountMinor)
                .containsExactly(tuple("platform", 628L), tuple("inf-a", 1883L));
        // inf-b's late reversal (753 + 251) is netted in a debit of inf-a's 1000 + 500: 496 in all
        assertThat(DebitSender.splits(
                        List.of(new DueDebits.Share("inf-a", 1000, 500), new DueDebits.Share("inf-b", -753, -251)),
                        "platform"))
                .extracting(PaymentOrder.Split::accountId, PaymentOrder.Split::amountMinor)
                .containsExactly(tuple("inf-a", 496L));
        assertThat(DebitSender.splits(
                        List.of(new DueDebits.Share("inf-a", 1000, 500), new DueDebits.Share("inf-b", -300, -100)),
                        "platform"))
                .extracting(PaymentOrder.Split::accountId, PaymentOrder.Split::amountMinor)
                .containsExactly(tuple("platform", 100L), tuple("inf-a", 1000L));
    }

    private static Transaction mine(List<Transaction> recorded, String merchant) {
        List<Transaction> mine =
                recorded.stream().filter(t -> t.merchantId().equals(merchant)).toList();
        assertThat(mine).hasSize(1);
        return mine.getFirst();
    }

    private void awaitReversals(String merchant, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        ((Number) db.sql("SELECT count(*) AS n FROM merchant_payable_reversals WHERE merchant_id = :m")
                                                .bind("m", merchant)
                                                .fetch()
                                                .one()
                                                .block()
                                                .get("n"))
                                        .intValue()
                                == count);
    }

    /** A new merchant debited by manual invoice in USD, auto-debit on. */
    private String manualMerchant() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        setUp(
                merchant,
                "{\"gateway\": \"manual\", \"currency\": \"USD\", \"auto_debit_enabled\": true,"
                        + " \"activated_at\": \"2020-01-01T00:00:00Z\"}");
        return merchant;
    }

    private void setUp(String merchant, String json) throws Exception {
        HttpResponse<String> put = send("PUT", "/api/merchants/" + merchant + "/payment-setup", OPERATOR, json);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private CommissionEvent accrued(String merchant, String currency, long influencer, long platform) throws Exception {
        CommissionEvent accrued = TestEvents.commissionAccrued(
                "inf-" + UUID.randomUUID(), merchant, currency, influencer, platform, Instant.now());
        kafka.send(Topics.COMMISSIONS.name(), accrued.getInfluencerId(), accrued)
                .get();
        return accrued;
    }

    private CommissionEvent validated(String merchant, String currency, long influencer, long platform)
            throws Exception {
        CommissionEvent accrued = accrued(merchant, currency, influencer, platform);
        CommissionEvent validated = TestEvents.next(
                accrued,
                CommissionValidated.newBuilder().setInfluencerMinor(influencer).build());
        kafka.send(Topics.COMMISSIONS.name(), validated.getInfluencerId(), validated)
                .get();
        return accrued;
    }

    private void partlyRefund(CommissionEvent accrued, long influencer, long platform) throws Exception {
        CommissionEvent reversed = TestEvents.next(
                accrued,
                CommissionReversed.newBuilder()
                        .setInfluencerMinor(influencer)
                        .setPlatformMinor(platform)
                        .setReason(ReversalReason.PARTLY_REFUNDED)
                        .build());
        kafka.send(Topics.COMMISSIONS.name(), reversed.getInfluencerId(), reversed)
                .get();
    }

    private void awaitPayables(String merchant, int payables, int validated) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var row = db.sql(
                            "SELECT count(*) AS n, count(validated_at) AS v FROM merchant_payables WHERE merchant_id = :m")
                    .bind("m", merchant)
                    .fetch()
                    .one()
                    .block();
            return ((Number) row.get("n")).intValue() == payables && ((Number) row.get("v")).intValue() == validated;
        });
    }

    private static <T> T at(CyclicBarrier start, java.util.function.Supplier<T> work) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return work.get();
    }
}
