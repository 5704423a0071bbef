package io.tracknow.gateway.shopify;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalObject;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.InvalidWebhookException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Shopify refunds/create into {@code orders.v1} as PARTLY_REFUNDED with {@code refundedMinor} = this
 * refund's successful refund transactions (or, without transactions, its refunded line subtotals).
 * A refund payload carries neither the order total nor whether it refunds everything: totalMinor is
 * 0 ("not stated") and a full refund is reported by the orders/updated or orders/create status
 * ("refunded") rather than guessed here. The currency is the transactions' or, when Shopify leaves it
 * null there, the refund lines' shop currency.
 */
final class ShopifyRefundMapper {

    private ShopifyRefundMapper() {
    }

    static OrderReported.Builder map(JsonNode refund, String merchantId, String deliveryId, Instant receivedAt) {
        String orderId = text(required(refund, "order_id"), "order_id");
        String currency = currency(refund);
        long refunded = 0;
        int index = 0;
        for (JsonNode transaction : objects(refund, "transactions")) {
            String field = "transactions[" + index++ + "].amount";
            if ("refund".equals(optionalText(transaction, "kind")) && "success".equals(optionalText(transaction, "status"))) {
                refunded = Math.addExact(refunded, Amounts.minor(text(required(transaction, "amount"), field), currency, field));
            }
        }
        if (refunded == 0) {
            index = 0;
            for (JsonNode line : objects(refund, "refund_line_items")) {
                String field = "refund_line_items[" + index++ + "].subtotal_set.shop_money.amount";
                JsonNode amount = shopMoney(line).path("amount");
                refunded = Math.addExact(refunded, Amounts.minor(text(amount, field), currency, field));
            }
        }
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
                .setRefundedMinor(refunded)
                .setCurrency(currency)
                .setItems(List.of())
                .setHints(AttributionHints.newBuilder().setPromoCodes(List.of()).setCartAttributes(Map.of()).build());
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
        throw new InvalidWebhookException("the refund states no currency (transactions[].currency or refund line shop money)");
    }

    private static JsonNode shopMoney(JsonNode refundLine) {
        return optionalObject(optionalObject(refundLine, "subtotal_set"), "shop_money");
    }
}
