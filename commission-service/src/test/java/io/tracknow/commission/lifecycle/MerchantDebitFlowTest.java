package io.tracknow.commission.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.commission.CommissionServiceTest;
import io.tracknow.events.commissions.CommissionAccrued;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.schemas.Topics;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MerchantDebitFlowTest extends CommissionServiceTest {

    @Test
    void aSucceededMerchantDebitLowersWhatTheMerchantOwesOncePerPayment() throws Exception {
        String merchant = unique("m");
        String order = unique("order");
        paid(merchant, order, unique("inf"), 12550, "USD", List.of());
        event(order, CommissionAccrued.class);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(owed(merchant, "USD")).isEqualTo(2511));

        debit(merchant, "pay-pending-" + order, 2000, PaymentStatus.PENDING); // not money yet
        String payment = "pay-" + order;
        debit(merchant, payment, 2000, PaymentStatus.SUCCEEDED);
        debit(merchant, payment, 2000, PaymentStatus.SUCCEEDED); // the same payment again
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(owed(merchant, "USD")).isEqualTo(511));

        JsonNode balance = get("/api/merchants/" + merchant + "/balance");
        assertThat(balance.path("collectedMinorByCurrency").path("USD").asLong())
                .isEqualTo(2000);
        JsonNode entries = get("/api/merchants/" + merchant + "/statement").path("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).path("kind").asString()).isEqualTo("COLLECTION");
        assertThat(entries.get(1).path("paymentId").asString()).isEqualTo(payment);
        assertThat(entries.get(1).path("movements").get(0).path("effectMinor").asLong())
                .isEqualTo(-2000);
    }

    private void debit(String merchant, String paymentId, long amount, PaymentStatus status) {
        PaymentEvent payment = PaymentEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setPaymentId(paymentId)
                .setKind(PaymentKind.MERCHANT_DEBIT)
                .setStatus(status)
                .setMerchantId(merchant)
                .setInfluencerId(null)
                .setAmountMinor(amount)
                .setCurrency("USD")
                .setGateway("cmi")
                .setExternalReference(null)
                .setFailureReason(null)
                .setCommissionIds(List.of())
                .build();
        kafka.send(Topics.PAYMENTS.name(), paymentId, payment).join();
    }
}
