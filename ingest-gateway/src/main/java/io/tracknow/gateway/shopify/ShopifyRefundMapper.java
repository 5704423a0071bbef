package io.tracknow.gateway.shopify;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalObject;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.Refunds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Shopify refunds/create into {@code orders.v1} as PARTLY_REFUNDED carrying this one refund, identified
 * by Shopify's refund id (see {@link ShopifyRefunds} for its amount; a refund whose money has not moved
 * yet is reported with no refund). Downstream adds up the distinct refunds, so a second refund adds to
 * the first and the same refund listed again by orders/updated counts once. A refund payload carries
 * neither the order total nor whether it refunds everything: totalMinor is 0 ("not stated") and the
 * order's own status comes with orders/updated (financial_status "refunded"). The currency is the transactions' or, when Shopify leaves it
 * null there, the refund lines' shop currency.
 */
final class ShopifyRefundMapper {

    private ShopifyRefundMapper() {}

    static OrderReported.Builder map(JsonNode refund, String merchantId, String deliveryId, Instant receivedAt) {
        String orderId = text(required(refund, "order_id"), "order_id");
        String currency = currency(refund);
        List<Refund> refunds = ShopifyRefunds.of(refund, currency, "").stream().toList();
        return OrderReported.newBuilder()
                .setOccurredAt(ShopifyOrderMapper.time(refund, "processed_at", "created_at", "created_at", receivedAt))
                .setReceivedAt(receivedAt)
                .setMerchantId(merchantId)
                .setSource(OrderSource.SHOPIFY)
                .setExternalOrderId(orderId)
                .setDeliveryId(deliveryId)
                .setStatus(OrderStatus.PARTLY_REFUNDED)
                .setPlatformStatus("refunds/create")
                .setTotalMinor(0)
                .setRefunds(refunds)
                .setRefundedMinor(Refunds.total(refunds))
                .setCurrency(currency)
                .setItems(List.of())
                .setHints(AttributionHints.newBuilder()
                        .setPromoCodes(List.of())
                        .setCartAttributes(Map.of())
                        .build());
    }

    private static String currency(JsonNode refund) {
        for (JsonNode transaction : objects(refund, "transactions")) {
            String code = optionalText(transaction, "currency");
            if (code != null) {
                return Amounts.currency(code, "transactions[].currency");
            }
        }
        for (JsonNode line : objects(refund, "refund_line_items")) {
            String code = optionalText(shopMoney(line), "currency_code");
            if (code != null) {
                return Amounts.currency(code, "refund_line_items[].subtotal_set.shop_money.currency_code");
            }
        }
        throw new InvalidWebhookException(
                "the refund states no currency (transactions[].currency or refund line shop money)");
    }

    private static JsonNode shopMoney(JsonNode refundLine) {
        return optionalObject(optionalObject(refundLine, "subtotal_set"), "shop_money");
    }
}
