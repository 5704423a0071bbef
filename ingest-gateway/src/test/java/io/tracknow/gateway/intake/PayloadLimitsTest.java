package io.tracknow.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.schemas.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The bounds every route applies, on the events themselves (no Spring, no broker). */
class PayloadLimitsTest {

    private final PayloadLimits limits = new PayloadLimits(GatewayProperties.Limits.defaults());

    @Test
    void boundsAmountsPerCurrencyInItsOwnMinorUnits() {
        assertThat(limits.maxMinor("EUR")).isEqualTo(100_000_000L); // 1,000,000.00
        assertThat(limits.maxMinor("usd")).isEqualTo(100_000_000L);
        assertThat(limits.maxMinor("KWD")).isEqualTo(1_000_000_000L); // three digits
        assertThat(limits.maxMinor("MAD")).isEqualTo(1_000_000_000L); // 10,000,000.00
        assertThat(limits.maxMinor("XOF")).isEqualTo(1_000_000_000L); // no minor digits
        assertThat(limits.maxMinor("XAF")).isEqualTo(1_000_000_000L);
        assertThat(limits.maxMinor("JPY")).isEqualTo(150_000_000L);
    }

    @Test
    void acceptsTheLargestAmountAndRefusesOneMinorUnitMoreOrANegativeOne() {
        assertThatCode(() -> limits.apply(order(o -> o.setTotalMinor(100_000_000L))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.apply(order(o -> o.setTotalMinor(100_000_001L))))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("order total 1000000.01 EUR");
        assertThatThrownBy(() -> limits.apply(order(o -> o.setTotalMinor(-12_550L))))
                .isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> limits.apply(order(o -> o.setTotalMinor(Long.MAX_VALUE))))
                .isInstanceOf(InvalidWebhookException.class);
        assertThatThrownBy(() -> limits.apply(order(o -> o.setRefundedMinor(-1L))))
                .hasMessageContaining("refunded amount");
        assertThatThrownBy(() -> limits.apply(order(o -> o.setItems(List.of(item(-5, 1))))))
                .hasMessageContaining("line item 0 price");
        assertThatThrownBy(() -> limits.apply(order(o -> o.setItems(List.of(item(5, -1))))))
                .hasMessageContaining("line item 0 quantity");
    }

    @Test
    void refusesIdsAndDedupeKeysOver255Characters() {
        assertThatCode(() -> limits.apply(order(o -> o.setExternalOrderId("x".repeat(255)))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.apply(order(o -> o.setExternalOrderId("x".repeat(256)))))
                .hasMessageContaining("order id is 256 characters long; at most 255");
        assertThatThrownBy(() -> limits.apply(order(o -> o.setDeliveryId("e".repeat(3000)))))
                .hasMessageContaining("delivery id");
        assertThatThrownBy(() -> limits.apply(new Normalised.Publish(
                        "k".repeat(256),
                        Topics.ORDERS,
                        "key",
                        "id",
                        order(o -> {}).event())))
                .hasMessageContaining("dedupe key");
        assertThatThrownBy(() -> limits.dedupeKey("notification:" + "n".repeat(250)))
                .hasMessageContaining("dedupe key");
        assertThatThrownBy(() -> limits.apply(order(o -> o.setItems(List.of(OrderItem.newBuilder()
                        .setSku("s".repeat(256))
                        .setQuantity(1)
                        .setUnitPriceMinor(1)
                        .build())))))
                .hasMessageContaining("line item 0 sku");
    }

    @Test
    void cutsWhatTheBuyerTypedAndDropsHintsOverTheirBoundRatherThanRefuseTheOrder() {
        Normalised.Publish publish = order(o -> {
            o.getHints().setBuyerNote("n".repeat(5001));
            o.getHints().setCartAttributes(Map.of("gift", "v".repeat(6000), "k".repeat(256), "v"));
            o.getHints().setPromoCodes(List.of("SUMMER", "C".repeat(256)));
            o.getHints().setUtmCampaign("c".repeat(256));
            o.getHints().setClickId("ttclid-1");
            o.setItems(List.of(OrderItem.newBuilder()
                    .setName("x".repeat(4999) + "\uD83D\uDE00")
                    .setQuantity(1)
                    .setUnitPriceMinor(100)
                    .build()));
        });

        limits.apply(publish);

        AttributionHints hints = ((OrderReported) publish.event()).getHints();
        assertThat(hints.getBuyerNote()).hasSize(5000);
        assertThat(hints.getCartAttributes()).containsOnlyKeys("gift");
        assertThat(hints.getCartAttributes().get("gift")).hasSize(5000);
        assertThat(hints.getPromoCodes()).containsExactly("SUMMER");
        assertThat(hints.getUtmCampaign()).isNull();
        assertThat(hints.getClickId()).isEqualTo("ttclid-1");
        assertThat(((OrderReported) publish.event()).getItems().getFirst().getName())
                .as("not cut inside a code point")
                .hasSize(4999);
    }

    @Test
    void appliesTheSameRulesToPaymentCallbacks() {
        assertThatThrownBy(() -> limits.apply(payment(-1L, "p-1"))).hasMessageContaining("amount is negative");
        assertThatThrownBy(() -> limits.apply(payment(1_000_000_001L, "p-1")))
                .hasMessageContaining("above the largest");
        assertThatThrownBy(() -> limits.apply(payment(100L, "p".repeat(256)))).hasMessageContaining("payment id");
        assertThatCode(() -> limits.apply(payment(1_000_000_000L, "p-1"))).doesNotThrowAnyException();
    }

    @Test
    void refusesAConfiguredMaximumThatIsNoWholeNumberOfMinorUnits() {
        GatewayProperties.Limits odd = new GatewayProperties.Limits(255, 5000, new BigDecimal("0.001"), Map.of(), 10);
        assertThatThrownBy(() -> new PayloadLimits(odd))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("max-amount");
    }

    private static Normalised.Publish order(Consumer<OrderReported.Builder> change) {
        OrderReported.Builder order = OrderReported.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(Instant.EPOCH)
                .setReceivedAt(Instant.EPOCH)
                .setMerchantId("m-1")
                .setSource(OrderSource.SHOPIFY)
                .setExternalOrderId("o-1")
                .setStatus(OrderStatus.PAID)
                .setPlatformStatus("paid")
                .setTotalMinor(12_550L)
                .setCurrency("EUR")
                .setItems(List.of(item(12_550, 1)))
                .setHints(AttributionHints.newBuilder()
                        .setPromoCodes(List.of())
                        .setCartAttributes(Map.of())
                        .build());
        change.accept(order);
        OrderReported event = order.build();
        return new Normalised.Publish("event:e-1", Topics.ORDERS, "key", event.getEventId(), event);
    }

    private static OrderItem item(long price, int quantity) {
        return OrderItem.newBuilder()
                .setQuantity(quantity)
                .setUnitPriceMinor(price)
                .build();
    }

    private static Normalised.Publish payment(long amount, String paymentId) {
        PaymentCallbackReceived event = PaymentCallbackReceived.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(Instant.EPOCH)
                .setProvider("wave")
                .setMerchantId("m-1")
                .setExternalPaymentId(paymentId)
                .setProviderStatus("succeeded")
                .setAmountMinor(amount)
                .setCurrency("XOF")
                .setPayloadJson("{}")
                .build();
        return new Normalised.Publish("event:e-1", Topics.PAYMENT_CALLBACKS, "key", "e-1", event);
    }
}
