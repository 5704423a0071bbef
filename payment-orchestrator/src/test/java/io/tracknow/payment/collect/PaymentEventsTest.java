package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.events.payments.PaymentStatus;
import io.tracknow.messaging.testsupport.TopicProbe;
import io.tracknow.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each change of a client payment is a payments.v1 event (kind CLIENT_COLLECTION), in order, keyed by the payment. */
class PaymentEventsTest extends CollectApiTestBase {

    @Test
    void aPaymentsChangesArePublishedOnPaymentsV1() throws Exception {
        String[] key = newKey("sandbox");
        String paymentId = newPaymentId();
        String completed = initiated(key[0], body(paymentId, "0.01", "EUR", callbackUrl("/events-cb")))
                .path("external_payment_id")
                .asString();
        String cancelled = initiated(key[0], body(newPaymentId(), "0.03", "USD", callbackUrl("/events-cb")))
                .path("external_payment_id")
                .asString();
        try (TopicProbe<PaymentEvent> payments = TopicProbe.avro(Topics.PAYMENTS)) {
            List<PaymentEvent> events = await().atMost(Duration.ofSeconds(30))
                    .until(() -> payments.values(e -> e.getPaymentId().equals(completed)), list -> list.size() >= 2);
            assertThat(events)
                    .extracting(PaymentEvent::getStatus)
                    .containsExactly(PaymentStatus.PENDING, PaymentStatus.SUCCEEDED);
            PaymentEvent done = events.get(1);
            assertThat(done.getKind()).isEqualTo(PaymentKind.CLIENT_COLLECTION);
            assertThat(done.getAmountMinor()).isEqualTo(1);
            assertThat(done.getCurrency()).isEqualTo("EUR");
            assertThat(done.getGateway()).isEqualTo("sandbox");
            assertThat(done.getClientId()).isEqualTo(key[3]);
            assertThat(done.getClientPaymentId()).isEqualTo(paymentId);
            assertThat(done.getExternalReference()).startsWith("sandbox_");
            assertThat(done.getMerchantId()).isNull();
            assertThat(payments.records())
                    .filteredOn(
                            r -> r.value() != null && r.value().getPaymentId().equals(completed))
                    .extracting(r -> String.valueOf(r.key()))
                    .containsOnly(completed);

            List<PaymentEvent> other = await().atMost(Duration.ofSeconds(30))
                    .until(() -> payments.values(e -> e.getPaymentId().equals(cancelled)), list -> list.size() >= 2);
            assertThat(other.get(1).getStatus()).isEqualTo(PaymentStatus.CANCELLED);
            assertThat(other.get(1).getFailureReason()).contains("timeout");
        }
    }
}
