package io.tracknow.payment.payables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionReversed;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.commissions.ReversalReason;
import io.tracknow.messaging.testsupport.KeepAliveCheck;
import io.tracknow.messaging.testsupport.KeepAliveCheck.Exchange;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.ServiceUnderTest;
import io.tracknow.messaging.testsupport.TestEvents;
import io.tracknow.payment.PaymentApplication;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

@ServiceIntegrationTest(
        service = "payment-orchestrator",
        classes = PaymentApplication.class,
        properties = {PaymentApplication.CONFIG, "tracknow.api.operator-token=test-operator-token"})
class PayablesTest {

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Payables payables;

    @Autowired
    TransactionalOperator transactions;

    @Autowired
    DatabaseClient db;

    @Test
    void recordsWhatTheMerchantOwesForEachAccruedCommissionOnceAndIgnoresOtherKinds() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        CommissionEvent first = accrued(merchant, "USD", 1883, 628);
        CommissionEvent second = accrued(merchant, "XOF", 150, 50);
        double before = handled();
        kafka.send(Topics.COMMISSIONS.name(), first.getInfluencerId(), first).get();
        kafka.send(Topics.COMMISSIONS.name(), first.getInfluencerId(), first).get();
        kafka.send(Topics.COMMISSIONS.name(), second.getInfluencerId(), second).get();
        CommissionEvent validated = TestEvents.next(
                first, CommissionValidated.newBuilder().setInfluencerMinor(1883).build());
        kafka.send(Topics.COMMISSIONS.name(), validated.getInfluencerId(), validated)
                .get();

        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 4);
        JsonNode owed = owed(merchant);
        assertThat(owed.path("owedMinorByCurrency").path("USD").asLong()).isEqualTo(1883 + 628);
        assertThat(owed.path("owedMinorByCurrency").path("XOF").asLong()).isEqualTo(200);
        assertThat(owed.path("payables")).hasSize(2);
    }

    @Test
    void aReversalLowersWhatTheMerchantOwesOnce() throws Exception {
        String merchant = "m-" + UUID.randomUUID();
        CommissionEvent accrued = accrued(merchant, "USD", 1883, 628);
        CommissionEvent partlyRefunded = TestEvents.next(
                accrued,
                CommissionReversed.newBuilder()
                        .setInfluencerMinor(942)
                        .setPlatformMinor(314)
                        .setReason(ReversalReason.PARTLY_REFUNDED)
                        .build());
        double before = handled();
        kafka.send(Topics.COMMISSIONS.name(), accrued.getInfluencerId(), accrued)
                .get();
        kafka.send(Topics.COMMISSIONS.name(), accrued.getInfluencerId(), partlyRefunded)
                .get();
        kafka.send(Topics.COMMISSIONS.name(), accrued.getInfluencerId(), partlyRefunded)
                .get();

        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= before + 3);
        JsonNode owed = owed(merchant);
        assertThat(owed.path("owedMinorByCurrency").path("USD").asLong()).isEqualTo(1883 + 628 - 942 - 314);
        assertThat(owed.path("reversedMinorByCurrency").path("USD").asLong()).isEqualTo(942 + 314);
    }

    @Test
    void aMerchantWithNothingAccruedOwesNothing() throws Exception {
        JsonNode owed = owed("nobody-" + UUID.randomUUID());
        assertThat(owed.path("owedMinorByCurrency").size()).isZero();
        assertThat(owed.path("payables")).isEmpty();
    }

    /*
     * Dashboards and the ingress in front of the API reuse connections: the two tests below prove that
     * every request on a kept-alive connection is answered, also one that arrives while a payables query
     * is still being answered from a database thread (docs/architecture.md, "The keep-alive hang").
     */
    @Test
    void thePayablesApiAnswersRequestsPipelinedBehindIt() throws Exception {
        KeepAliveCheck.onPort(port()).pipelinedBehind(payablesOfANewMerchant());
    }

    @Test
    void thePayablesApiAnswersHundredsOfRequestsOneAfterTheOtherOnOneConnection() throws Exception {
        KeepAliveCheck.onPort(port()).oneAfterAnother(payablesOfANewMerchant(), 300);
    }

    /** {@code GET} of a database-backed route, answered 200 after the query. */
    private static Exchange payablesOfANewMerchant() {
        return Exchange.get("/api/merchants/m-" + UUID.randomUUID() + "/payables", 200)
                .withHeader("Authorization", "Bearer test-operator-token");
    }

    private int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    @Test
    void aPollsPayablesAreWrittenTogetherAtCommitUnlessTheSameCommissionComesAgainInThePoll() {
        String merchant = "m-" + UUID.randomUUID();
        CommissionEvent a = accrued(merchant, "USD", 1883, 628);
        CommissionEvent b = accrued(merchant, "USD", 100, 30);
        CommissionEvent c = accrued(merchant, "XOF", 150, 50);
        CommissionEvent cValidated = TestEvents.next(
                c, CommissionValidated.newBuilder().setInfluencerMinor(150).build());
        List<CommissionEvent> poll = List.of(a, b, c, cValidated);

        List<Long> inside = transactions
                .transactional(payables.prepare(poll)
                        .thenMany(Flux.fromIterable(poll).concatMap(payables::onCommission))
                        .then(Mono.zip(recorded(List.of(a, b), false), recorded(List.of(c), true), List::of)))
                .block(Duration.ofSeconds(30));

        // a and b come once: written at commit, not visible before; c is validated in the same poll, so its
        // payable is written at once and the validation finds it
        assertThat(inside).containsExactly(0L, 1L);
        assertThat(recorded(List.of(a, b, c), false).block()).isEqualTo(3);
        assertThat(recorded(List.of(c), true).block()).isEqualTo(1);
    }

    /** How many of these commissions have a payable (validated ones only, if asked), as the transaction sees it. */
    private Mono<Long> recorded(List<CommissionEvent> commissions, boolean validated) {
        return db.sql("SELECT count(*) AS n FROM merchant_payables WHERE commission_id = ANY(:ids)"
                        + (validated ? " AND validated_at IS NOT NULL" : ""))
                .bind(
                        "ids",
                        commissions.stream()
                                .map(CommissionEvent::getCommissionId)
                                .toArray(String[]::new))
                .map(row -> row.get("n", Long.class))
                .one();
    }

    private double handled() {
        return service().handled("payment.commissions");
    }

    private JsonNode owed(String merchant) throws Exception {
        return service().getJson("/api/merchants/" + merchant + "/payables");
    }

    private ServiceUnderTest service() {
        return new ServiceUnderTest(environment, meters);
    }

    private static CommissionEvent accrued(String merchant, String currency, long influencer, long platform) {
        return TestEvents.commissionAccrued(
                "inf-" + UUID.randomUUID(), merchant, currency, influencer, platform, Instant.now());
    }
}
