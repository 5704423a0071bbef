package io.tracknow.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.commissions.CommissionValidated;
import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.events.sales.AttributionRule;
import io.tracknow.events.sales.SaleAttributed;
import io.tracknow.events.sales.SaleEvent;
import io.tracknow.events.sales.SaleStatusChanged;
import io.tracknow.messaging.testsupport.ServiceIntegrationTest;
import io.tracknow.messaging.testsupport.ServiceUnderTest;
import io.tracknow.messaging.testsupport.TestHttp;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service under test through its public surface: sales.v1 and payments.v1 in, commissions.v1 and
 * the HTTP API out, on the shared test broker, registry and a fresh PostgreSQL database. Time is a
 * {@link MutableClock} the tests move; the hold job polls every 200 ms and validates at most
 * {@value #HOLD_BATCH} commissions per transaction.
 */
@ServiceIntegrationTest(
        service = "commission-service",
        classes = {CommissionApplication.class, CommissionServiceTest.Clocks.class},
        properties = {
            CommissionApplication.CONFIG,
            "tracknow.api.operator-token=" + CommissionServiceTest.OPERATOR,
            "tracknow.api.merchant-tokens.merchant-own=merchant-own-token",
            "tracknow.commission.hold.poll-interval=200ms",
            // small validation batches, so catching up after downtime takes several transactions
            "tracknow.commission.hold.batch-size=" + CommissionServiceTest.HOLD_BATCH
        })
public abstract class CommissionServiceTest {

    /** The operator's bearer token (every merchant's and influencer's data). */
    protected static final String OPERATOR = "test-operator-token";

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final int HOLD_BATCH = 3;
    /** The hold a merchant gets unless its settings say otherwise. */
    protected static final Duration DEFAULT_HOLD = Duration.ofDays(14);

    protected static TopicProbe<CommissionEvent> commissions;

    @BeforeAll
    static void openProbe() {
        commissions = TopicProbe.avro(Topics.COMMISSIONS);
    }

    @AfterAll
    static void closeProbe() {
        commissions.close();
    }

    @Autowired
    protected Environment environment;

    @Autowired
    protected KafkaTemplate<String, Object> kafka;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private MeterRegistry meters;

    protected final HttpClient http = TestHttp.client();
    protected final JsonMapper json = JsonMapper.builder().build();

    /** A clock the tests move forward; the service reads it for holds and accruals. */
    public static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));

        public void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static OrderItem item(String sku, String category, long unitPrice, int quantity) {
        return OrderItem.newBuilder()
                .setProductId(null)
                .setSku(sku)
                .setName(sku)
                .setCategory(category)
                .setQuantity(quantity)
                .setUnitPriceMinor(unitPrice)
                .build();
    }

    protected SaleEvent.Builder sale(
            String merchant, String order, OrderStatus status, long total, String currency, List<OrderItem> items) {
        return SaleEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setOrderEventId(UUID.randomUUID().toString())
                .setMerchantId(merchant)
                .setSource(OrderSource.SHOPIFY)
                .setExternalOrderId(order)
                .setStatus(status)
                .setTotalMinor(total)
                .setRefundedMinor(0)
                .setCurrency(currency)
                .setItems(items);
    }

    protected void paid(
            String merchant, String order, String influencer, long total, String currency, List<OrderItem> items) {
        send(paidSale(merchant, order, influencer, total, currency, items));
    }

    /** A paid sale attributed to the influencer by a promo code (not sent). */
    protected SaleEvent paidSale(
            String merchant, String order, String influencer, long total, String currency, List<OrderItem> items) {
        return sale(merchant, order, OrderStatus.PAID, total, currency, items)
                .setEvent(SaleAttributed.newBuilder()
                        .setInfluencerId(influencer)
                        .setRule(AttributionRule.PROMO_CODE)
                        .setHintValue("CODE")
                        .setFraudFlag(null)
                        .build())
                .build();
    }

    /**
     * A paid sale without lines, accrued, then validated by moving the clock past the default hold;
     * returns the commission id.
     */
    protected String validatedCommission(
            String merchant, String order, String influencer, long total, String currency) {
        paid(merchant, order, influencer, total, currency, List.of());
        String commissionId = event(order, CommissionAccrued.class).getCommissionId();
        clock.advance(DEFAULT_HOLD.plusSeconds(1));
        events(order, CommissionValidated.class, 1);
        return commissionId;
    }

    protected void statusChanged(
            String merchant,
            String order,
            String influencer,
            OrderStatus status,
            long total,
            long refunded,
            String currency) {
        send(sale(merchant, order, status, total, currency, List.of())
                .setRefundedMinor(refunded)
                .setEvent(SaleStatusChanged.newBuilder()
                        .setInfluencerId(influencer)
                        .setPreviousStatus(OrderStatus.PAID)
                        .build())
                .build());
    }

    /** An identified refund, as the gateway reports it (this refund's own amount, not a running total). */
    protected static Refund refund(String refundId, long amountMinor) {
        return Refund.newBuilder()
                .setRefundId(refundId)
                .setAmountMinor(amountMinor)
                .setOccurredAt(null)
                .build();
    }

    /**
     * A status change of an attributed sale carrying every distinct refund attribution knows for it so far
     * (a fresh eventId each time, as a new report of the shop would have).
     */
    protected void refunded(
            String merchant,
            String order,
            String influencer,
            OrderStatus status,
            long total,
            String currency,
            Refund... refunds) {
        send(sale(merchant, order, status, total, currency, List.of())
                .setRefunds(List.of(refunds))
                .setRefundedMinor(java.util.Arrays.stream(refunds)
                        .mapToLong(Refund::getAmountMinor)
                        .sum())
                .setEvent(SaleStatusChanged.newBuilder()
                        .setInfluencerId(influencer)
                        .setPreviousStatus(OrderStatus.PAID)
                        .build())
                .build());
    }

    protected void send(SaleEvent sale) {
        kafka.send(
                        Topics.SALES.name(),
                        sale.getMerchantId() + "|" + sale.getSource() + "|" + sale.getExternalOrderId(),
                        sale)
                .join();
    }

    protected void payout(
            String paymentId, String influencer, long amount, String currency, List<String> commissionIds) {
        PaymentEvent payment = PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setPaymentId(paymentId)
                .setKind(PaymentKind.INFLUENCER_PAYOUT)
                .setStatus(PaymentStatus.SUCCEEDED)
                .setMerchantId(null)
                .setInfluencerId(influencer)
                .setAmountMinor(amount)
                .setCurrency(currency)
                .setGateway("wave")
                .setExternalReference(null)
                .setFailureReason(null)
                .setCommissionIds(commissionIds)
                .build();
        kafka.send(Topics.PAYMENTS.name(), paymentId, payment).join();
    }

    /** Waits for {@code count} events of this order of the given type on commissions.v1 and returns them. */
    protected <T> List<T> events(String order, Class<T> type, int count) {
        Predicate<CommissionEvent> match = e -> e.getExternalOrderId().equals(order) && type.isInstance(e.getEvent());
        List<CommissionEvent> found =
                await().atMost(PATIENCE).until(() -> commissions.values(match), list -> list.size() >= count);
        return found.stream().map(e -> type.cast(e.getEvent())).toList();
    }

    protected CommissionEvent event(String order, Class<?> type) {
        return await().atMost(PATIENCE)
                .until(
                        () -> commissions.values(
                                e -> e.getExternalOrderId().equals(order) && type.isInstance(e.getEvent())),
                        l -> !l.isEmpty())
                .getFirst();
    }

    protected HttpResponse<String> request(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the operator's token. */
    protected JsonNode get(String path) throws Exception {
        HttpResponse<String> response = request("GET", path, OPERATOR, null);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The influencer's balance in one currency, as {pendingMinor, availableMinor, paidMinor}. */
    protected long[] balance(String influencer, String currency) throws Exception {
        for (JsonNode b : get("/api/influencers/" + influencer + "/balances").path("balances")) {
            if (currency.equals(b.path("currency").asString())) {
                return new long[] {
                    b.path("pendingMinor").asLong(),
                    b.path("availableMinor").asLong(),
                    b.path("paidMinor").asLong()
                };
            }
        }
        return new long[] {0, 0, 0};
    }

    protected long owed(String merchant, String currency) throws Exception {
        return get("/api/merchants/" + merchant + "/balance")
                .path("owedMinorByCurrency")
                .path(currency)
                .asLong(0);
    }

    /** Events the sales.v1 consumer has handled so far (applied or duplicates). */
    protected double salesHandled() {
        return new ServiceUnderTest(environment, meters).handled("commission.sales");
    }

    /** Events the payments.v1 consumer has handled so far (applied or duplicates). */
    protected double paymentsHandled() {
        return new ServiceUnderTest(environment, meters).handled("commission.payments");
    }

    /**
     * Waits until the consumer has handled {@code more} events since {@code before} (read before they were
     * sent), so that "nothing more happened" is asserted after the events were processed, not before.
     */
    protected void awaitHandled(String consumer, double before, int more) {
        ServiceUnderTest service = new ServiceUnderTest(environment, meters);
        await().atMost(PATIENCE).until(() -> service.handled(consumer) >= before + more);
    }

    /**
     * The movements of the influencer's REVERSAL entries on its statement (its own accounts only), each as
     * "ACCOUNT amountMinor": which account a reversal took the share out of.
     */
    protected List<String> reversalMovements(String influencer) throws Exception {
        List<String> movements = new ArrayList<>();
        for (JsonNode entry :
                get("/api/influencers/" + influencer + "/statement").path("entries")) {
            if ("REVERSAL".equals(entry.path("kind").asString())) {
                for (JsonNode m : entry.path("movements")) {
                    movements.add(m.path("account").asString() + " "
                            + m.path("amountMinor").asLong());
                }
            }
        }
        return movements;
    }

    /** The commission of this order as the listing shows it. */
    protected JsonNode commission(String influencer, String order) throws Exception {
        for (JsonNode c : get("/api/influencers/" + influencer + "/commissions").path("commissions")) {
            if (order.equals(c.path("externalOrderId").asString())) {
                return c;
            }
        }
        throw new AssertionError("no commission for " + order);
    }

    /** Waits for the record of this payment on the DLQ and returns the reason the consumer gave. */
    protected static String dlqReason(TopicProbe<Object> dlq, String paymentId) {
        ConsumerRecord<Object, Object> record = await().atMost(PATIENCE)
                .until(
                        () -> dlq.records().stream()
                                .filter(r -> String.valueOf(r.value()).contains(paymentId))
                                .toList(),
                        l -> !l.isEmpty())
                .getFirst();
        Header message = record.headers().lastHeader("kafka_dlt-exception-message");
        return message == null ? "" : new String(message.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
