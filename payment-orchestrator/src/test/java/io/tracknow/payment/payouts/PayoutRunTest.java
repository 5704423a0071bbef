package io.tracknow.payment.payouts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.testsupport.TestEvents;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.payment.PaymentIntegrationTest;
import io.tracknow.payment.journal.Journal;
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

class PayoutRunTest extends PaymentIntegrationTest {

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    PayoutRun run;

    @Autowired
    Journal journal;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    @Autowired
    DuePayouts due;

    @Autowired
    PayoutAccounts accounts;

    @Autowired
    PayoutSender sender;

    @Autowired
    org.springframework.transaction.reactive.TransactionalOperator transaction;

    @Autowired
    io.tracknow.payment.config.PaymentProperties properties;

    /**
     * Two replicas whose schedules fire at the same moment (a second PayoutRun on the same database, as
     * another pod would be): the advisory lock lets one record the week's payouts, so the influencer is
     * paid once and the provider called once.
     */
    @Test
    void twoReplicasRunningAtOncePayEachInfluencerOnce() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        String msisdn = "+22178" + (1000000 + (int) (Math.random() * 8999999));
        account(
                influencer,
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"wave\", \"msisdn\": \"" + msisdn
                        + "\", \"country\": \"SN\", \"holderName\": \"Twice\"}");
        PROVIDERS.stubFor(post(urlEqualTo("/wave/v1/payout"))
                .withRequestBody(equalToJson("{\"mobile\": \"" + msisdn + "\"}", true, true))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"pt-" + msisdn + "\", \"currency\": \"XOF\", \"receive_amount\": \"7000\","
                                + " \"fee\": \"0\", \"mobile\": \"" + msisdn + "\", \"status\": \"succeeded\"}")));
        validated(influencer, "XOF", 7000);
        awaitValidated(influencer, 1);

        PayoutRun otherReplica = new PayoutRun(db, due, accounts, journal, sender, transaction, properties);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        Instant now = Instant.now();
        java.util.concurrent.CompletableFuture<List<Transaction>> a =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> together(start, () -> run.run(now)));
        java.util.concurrent.CompletableFuture<List<Transaction>> b =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> together(start, () -> otherReplica.run(now)));
        List<Transaction> recorded = new java.util.ArrayList<>(a.get());
        recorded.addAll(b.get());

        assertThat(recorded.stream().filter(t -> influencer.equals(t.influencerId())))
                .hasSize(1);
        assertThat(journal.of(PaymentKind.INFLUENCER_PAYOUT, influencer, 10)
                        .collectList()
                        .block())
                .hasSize(1);
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/wave/v1/payout"))
                        .withRequestBody(equalToJson("{\"mobile\": \"" + msisdn + "\"}", true, true)));
    }

    private static <T> T together(java.util.concurrent.CyclicBarrier start, java.util.function.Supplier<T> work) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return work.get();
    }

    @Test
    void paysEachInfluencerAtOrAboveTheMinimumOnceAWeekAndTellsThoseWithoutAnAccount() throws Exception {
        String paid = "inf-" + UUID.randomUUID();
        String noAccount = "inf-" + UUID.randomUUID();
        String small = "inf-" + UUID.randomUUID();
        account(
                paid,
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"wave\","
                        + " \"msisdn\": \"+221 77 000 00 01\", \"country\": \"sn\", \"holderName\": \"Awa Diop\"}");
        account(
                small,
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"wave\","
                        + " \"msisdn\": \"+221770000002\", \"country\": \"SN\", \"holderName\": \"Small\"}");
        CommissionEvent one = validated(paid, "XOF", 10000);
        CommissionEvent two = validated(paid, "XOF", 5000);
        validated(noAccount, "XOF", 5000);
        validated(small, "XOF", 999);
        awaitValidated(paid, 2);
        awaitValidated(noAccount, 1);
        awaitValidated(small, 1);
        PROVIDERS.stubFor(post(urlEqualTo("/wave/v1/payout"))
                .withRequestBody(equalToJson("{\"mobile\": \"+221770000001\"}", true, true))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"id\": \"pt-1\", \"currency\": \"XOF\", \"receive_amount\": \"15000\", \"fee\": \"150\","
                                        + " \"mobile\": \"+221770000001\", \"status\": \"succeeded\"}")));

        Instant now = Instant.now();
        List<Transaction> recorded = run.run(now);

        Transaction payout = only(recorded, paid);
        Transaction settled = journal.find(payout.id()).block();
        assertThat(settled.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(settled.amountMinor()).isEqualTo(15000);
        assertThat(settled.feesMinor()).isEqualTo(150);
        assertThat(settled.netMinor()).isEqualTo(14850);
        assertThat(settled.idempotencyKey()).isEqualTo("payout|" + paid + "|" + run.week(now) + "|XOF");
        assertThat(settled.commissionIds()).containsExactlyInAnyOrder(one.getCommissionId(), two.getCommissionId());
        PROVIDERS.verify(
                1,
                postRequestedFor(urlEqualTo("/wave/v1/payout"))
                        .withHeader("Authorization", equalTo("Bearer platform-wave-key"))
                        .withRequestBody(equalToJson(
                                "{\"receive_amount\": \"15000\", \"currency\": \"XOF\", \"mobile\": \"+221770000001\"}",
                                true,
                                true)));
        assertThat(recorded.stream().map(Transaction::influencerId)).doesNotContain(noAccount, small);

        assertThat(run.run(now).stream().map(Transaction::influencerId))
                .as("rerun in the same week")
                .doesNotContain(paid, noAccount);
        try (TopicProbe<PaymentEvent> payments = TopicProbe.avro(Topics.PAYMENTS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(payments
                                .values(e -> e.getPaymentId().equals(payout.id().toString()))
                                .stream()
                                .map(PaymentEvent::getStatus)
                                .toList())
                        .containsExactly(PaymentStatus.INITIATED, PaymentStatus.PENDING, PaymentStatus.SUCCEEDED);
                List<PaymentEvent> skipped = payments.values(e -> noAccount.equals(e.getInfluencerId()));
                assertThat(skipped).as("told once").hasSize(1);
                assertThat(skipped.getFirst().getStatus()).isEqualTo(PaymentStatus.SKIPPED);
                assertThat(skipped.getFirst().getKind()).isEqualTo(PaymentKind.INFLUENCER_PAYOUT);
                assertThat(skipped.getFirst().getFailureReason()).isEqualTo("no payout account in XOF");
                assertThat(skipped.getFirst().getAmountMinor()).isEqualTo(5000);
            });
            PaymentEvent succeeded = payments.values(
                            e -> e.getPaymentId().equals(payout.id().toString()))
                    .getLast();
            assertThat(succeeded.getCommissionIds()).hasSize(2);
            assertThat(succeeded.getInfluencerId()).isEqualTo(paid);
            assertThat(succeeded.getFeesMinor()).isEqualTo(150);
        }
    }

    @Test
    void aFailedPayoutGivesItsCommissionsBackAndTheNextRunPaysThem() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        String msisdn = "+2376" + (10000000 + (int) (Math.random() * 8999999));
        account(
                influencer,
                "{\"currency\": \"XAF\", \"method\": \"mobile_money\", \"provider\": \"mtn_momo\"," + " \"msisdn\": \""
                        + msisdn + "\", \"country\": \"CM\", \"holderName\": \"Jean\"}");
        validated(influencer, "XAF", 20000);
        awaitValidated(influencer, 1);
        PROVIDERS.stubFor(post(urlEqualTo("/mtn_momo/disbursement/token/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"t\", \"expires_in\": 3600}")));
        String transfer = "/mtn_momo/disbursement/v1_0/transfer";
        PROVIDERS.stubFor(post(urlEqualTo(transfer))
                .inScenario(influencer)
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(equalToJson("{\"payee\": {\"partyId\": \"" + msisdn.substring(1) + "\"}}", true, true))
                .willReturn(aResponse().withStatus(400).withBody("{\"message\": \"payee not found\"}"))
                .willSetStateTo("fixed"));
        PROVIDERS.stubFor(post(urlEqualTo(transfer))
                .inScenario(influencer)
                .whenScenarioStateIs("fixed")
                .withRequestBody(equalToJson("{\"payee\": {\"partyId\": \"" + msisdn.substring(1) + "\"}}", true, true))
                .willReturn(aResponse().withStatus(202)));

        Transaction failed =
                journal.find(only(run.run(Instant.now()), influencer).id()).block();
        assertThat(failed.status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(failed.failureReason()).contains("400", "payee not found");

        Transaction retried = only(run.run(Instant.now().plus(Duration.ofDays(7))), influencer);
        Transaction sent = journal.find(retried.id()).block();
        assertThat(sent.status()).as("sent, awaiting MoMo's word").isEqualTo(TransactionStatus.PROCESSING);
        assertThat(sent.amountMinor()).isEqualTo(20000);
        assertThat(sent.commissionIds()).isEqualTo(failed.commissionIds());
    }

    @Test
    void theOperatorHoldsAnInfluencerAndRetriesAFailedPayout() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        validated(influencer, "EUR", 5000);
        awaitValidated(influencer, 1);
        String hold = "/api/influencers/" + influencer + "/payout-hold";
        assertThat(send("POST", hold, OPERATOR, "{\"reason\": \"KYC check\"}").statusCode())
                .isEqualTo(200);
        assertThat(send("POST", hold, OPERATOR, "{}").statusCode()).isEqualTo(400);
        assertThat(send("POST", hold, MERCHANT_TOKEN, "{\"reason\": \"x\"}").statusCode())
                .isEqualTo(404);
        account(
                influencer,
                "{\"currency\": \"EUR\", \"method\": \"bank_transfer\", \"iban\": \"DE89 3704 0044 0532 0130 00\","
                        + " \"holderName\": \"Held One\"}");

        assertThat(run.run(Instant.now()).stream().map(Transaction::influencerId))
                .doesNotContain(influencer);

        assertThat(send("DELETE", hold, OPERATOR, null).statusCode()).isEqualTo(200);
        Transaction payout = only(run.run(Instant.now()), influencer);
        assertThat(payout.gateway()).isEqualTo("bank_transfer");
        assertThat(journal.find(payout.id()).block().status())
                .as("a transfer waits for the operator")
                .isEqualTo(TransactionStatus.PENDING);
        assertThat(send("GET", "/api/payouts?status=pending", OPERATOR, null).body())
                .contains(payout.id().toString());
        assertThat(send("GET", "/api/payouts?status=lost", OPERATOR, null).statusCode())
                .isEqualTo(400);
        HttpResponse<String> notFailed = send("POST", "/api/payouts/" + payout.id() + "/retry", OPERATOR, null);
        assertThat(notFailed.statusCode()).as(notFailed.body()).isEqualTo(409);
        assertThat(send("POST", "/api/payouts/" + UUID.randomUUID() + "/retry", OPERATOR, null)
                        .statusCode())
                .isEqualTo(404);

        journal.move(payout.id(), TransactionStatus.FAILED, Journal.Details.reason("bank refused"), "operator")
                .block();
        HttpResponse<String> retried = send("POST", "/api/payouts/" + payout.id() + "/retry", OPERATOR, null);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(retried.body()).contains("|retry-" + payout.id(), "\"amountMinor\":5000");
    }

    @Test
    void registersOnlyValidPayoutAccountsAndShowsThemMasked() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        String path = "/api/influencers/" + influencer + "/payout-account";
        for (String bad : List.of(
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"wave\", \"msisdn\": \"770000000\", \"country\": \"SN\", \"holderName\": \"A\"}",
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"paypal\", \"msisdn\": \"+221770000000\", \"country\": \"SN\", \"holderName\": \"A\"}",
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"wave\", \"msisdn\": \"+221770000000\", \"country\": \"XX\", \"holderName\": \"A\"}",
                "{\"currency\": \"EUR\", \"method\": \"bank_transfer\", \"iban\": \"DE89370400440532013001\", \"holderName\": \"A\"}",
                "{\"currency\": \"EUR\", \"method\": \"bank_transfer\", \"iban\": \"DE89370400440532013000\"}",
                "{\"currency\": \"EURO\", \"method\": \"bank_transfer\", \"iban\": \"DE89370400440532013000\", \"holderName\": \"A\"}",
                "{\"currency\": \"EUR\", \"method\": \"cash\", \"holderName\": \"A\"}")) {
            HttpResponse<String> refused = send("PUT", path, OPERATOR, bad);
            assertThat(refused.statusCode()).as(bad + " -> " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("invalid-payout-account");
        }
        assertThat(send("GET", "/api/influencers/" + influencer + "/payout-accounts", OPERATOR, null)
                        .body())
                .isEqualTo("[]");

        HttpResponse<String> saved = send(
                "PUT",
                path,
                OPERATOR,
                "{\"currency\": \"EUR\", \"method\": \"bank_transfer\", \"iban\": \"GB82 WEST 1234 5698 7654 32\", \"holderName\": \"A\"}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).contains("5432").doesNotContain("GB82WEST");
        assertThat(send("PUT", path, MERCHANT_TOKEN, "{}").statusCode())
                .as("never a merchant")
                .isEqualTo(404);
        assertThat(send("PUT", path, null, "{}").statusCode()).isEqualTo(401);
    }

    /**
     * The operator's payout run now (the demo's): refused without the operator's token, recording nothing;
     * with it, the influencer is paid at once under a key of its own (a week's key stays free for the
     * scheduled run), and a second run pays only what was validated since.
     */
    @Test
    void theOperatorRunsThePayoutRunNowAndOnlyTheOperator() throws Exception {
        String influencer = "inf-" + UUID.randomUUID();
        String msisdn = "+22177" + (1000000 + (int) (Math.random() * 8999999));
        account(
                influencer,
                "{\"currency\": \"XOF\", \"method\": \"mobile_money\", \"provider\": \"wave\", \"msisdn\": \"" + msisdn
                        + "\", \"country\": \"SN\", \"holderName\": \"Awa\"}");
        for (String amount : List.of("5000", "3000")) {
            PROVIDERS.stubFor(post(urlEqualTo("/wave/v1/payout"))
                    .withRequestBody(equalToJson(
                            "{\"mobile\": \"" + msisdn + "\", \"receive_amount\": \"" + amount + "\"}", true, true))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"id\": \"pt-" + amount + msisdn
                                    + "\", \"currency\": \"XOF\", \"receive_amount\": \""
                                    + amount + "\", \"fee\": \"0\", \"mobile\": \"" + msisdn
                                    + "\", \"status\": \"succeeded\"}")));
        }
        CommissionEvent first = validated(influencer, "XOF", 5000);
        awaitValidated(influencer, 1);

        assertThat(send("POST", "/api/payouts/run", MERCHANT_TOKEN, null).statusCode())
                .as("never a merchant")
                .isEqualTo(404);
        assertThat(send("POST", "/api/payouts/run", null, null).statusCode()).isEqualTo(401);
        assertThat(journal.of(PaymentKind.INFLUENCER_PAYOUT, influencer, 10)
                        .collectList()
                        .block())
                .as("a refused run records nothing")
                .isEmpty();

        HttpResponse<String> ran = send("POST", "/api/payouts/run", OPERATOR, null);
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        Transaction payout = journal.of(PaymentKind.INFLUENCER_PAYOUT, influencer, 10)
                .collectList()
                .block()
                .getFirst();
        assertThat(ran.body()).contains(payout.id().toString());
        assertThat(payout.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(payout.amountMinor()).isEqualTo(5000);
        assertThat(payout.commissionIds()).containsExactly(first.getCommissionId());
        assertThat(payout.idempotencyKey())
                .startsWith("payout|" + influencer + "|" + run.week(Instant.now()) + "|XOF|now-");

        CommissionEvent second = validated(influencer, "XOF", 3000);
        awaitValidated(influencer, 2);
        HttpResponse<String> again = send("POST", "/api/payouts/run", OPERATOR, null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        List<Transaction> payouts = journal.of(PaymentKind.INFLUENCER_PAYOUT, influencer, 10)
                .collectList()
                .block();
        assertThat(payouts).hasSize(2);
        Transaction later = payouts.stream()
                .filter(p -> !p.id().equals(payout.id()))
                .findFirst()
                .orElseThrow();
        assertThat(later.amountMinor()).as("only what was validated since").isEqualTo(3000);
        assertThat(later.commissionIds()).containsExactly(second.getCommissionId());
        assertThat(later.status()).isEqualTo(TransactionStatus.COMPLETED);
    }

    private void account(String influencer, String json) throws Exception {
        HttpResponse<String> put = send("PUT", "/api/influencers/" + influencer + "/payout-account", OPERATOR, json);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    private CommissionEvent validated(String influencer, String currency, long influencerMinor) throws Exception {
        CommissionEvent accrued = TestEvents.commissionAccrued(
                influencer, "m-" + UUID.randomUUID(), currency, influencerMinor, influencerMinor / 3, Instant.now());
        kafka.send(Topics.COMMISSIONS.name(), influencer, accrued).get();
        kafka.send(
                        Topics.COMMISSIONS.name(),
                        influencer,
                        TestEvents.next(
                                accrued,
                                CommissionValidated.newBuilder()
                                        .setInfluencerMinor(influencerMinor)
                                        .build()))
                .get();
        return accrued;
    }

    private void awaitValidated(String influencer, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) db.sql("SELECT count(validated_at) AS v FROM merchant_payables"
                                                + " WHERE influencer_id = :i")
                                        .bind("i", influencer)
                                        .fetch()
                                        .one()
                                        .block()
                                        .get("v"))
                                .intValue()
                        == count);
    }

    private static Transaction only(List<Transaction> recorded, String influencer) {
        List<Transaction> mine = recorded.stream()
                .filter(t -> influencer.equals(t.influencerId()))
                .toList();
        assertThat(mine).hasSize(1);
        return mine.getFirst();
    }
}
