package io.tracknow.gateway.tiktok;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.optionalWholeNumber;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.requiredObject;
import static io.tracknow.gateway.intake.JsonBodies.text;
import static io.tracknow.gateway.intake.JsonBodies.wholeNumber;

import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.InvalidWebhookException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * TikTok Shop's real, thin notifications completed with the order detail (API 202309: amounts are
 * decimal strings, one line item per unit). Status: type 1 names the order status (UNPAID and ON_HOLD
 * PENDING; AWAITING_SHIPMENT, PARTIALLY_SHIPPING and AWAITING_COLLECTION PAID; IN_TRANSIT, DELIVERED and
 * COMPLETED FULFILLED; CANCEL/CANCELLED CANCELLED). Type 11: a completed or successful cancellation is
 * CANCELLED, any other cancel status leaves the order at the detail's current status. Type 12: a
 * completed return/refund is PARTLY_REFUNDED (the notification does not say whether it covers the whole
 * order, nor the amount; a full refund shows in the order's own status), other return statuses leave
 * the order at the detail's status.
 */
final class TikTokThinMapper {

    static final Map<String, OrderStatus> STATUS = Map.ofEntries(
            Map.entry("UNPAID", OrderStatus.PENDING),
            Map.entry("ON_HOLD", OrderStatus.PENDING),
            Map.entry("AWAITING_SHIPMENT", OrderStatus.PAID),
            Map.entry("PARTIALLY_SHIPPING", OrderStatus.PAID),
            Map.entry("AWAITING_COLLECTION", OrderStatus.PAID),
            Map.entry("IN_TRANSIT", OrderStatus.FULFILLED),
            Map.entry("DELIVERED", OrderStatus.FULFILLED),
            Map.entry("COMPLETED", OrderStatus.FULFILLED),
            Map.entry("CANCEL", OrderStatus.CANCELLED),
            Map.entry("CANCELLED", OrderStatus.CANCELLED));

    private TikTokThinMapper() {
    }

    /** The notification's own order id, checked before any API call. */
    static String orderId(JsonNode notification) {
        long type = optionalWholeNumber(notification, "type", -1);
        if (type != 1 && type != 11 && type != 12) {
            throw new InvalidWebhookException("type " + notification.path("type") + " is not an order (1), cancellation (11)"
                    + " or return (12) notification");
        }
        if (type == 1) {
            String status = text(required(requiredObject(notification, "data"), "order_status"), "data.order_status");
            if (!STATUS.containsKey(status)) {
                throw new InvalidWebhookException("data.order_status " + status + " is not a known TikTok Shop order status");
            }
        }
        return text(required(requiredObject(notification, "data"), "order_id"), "data.order_id");
    }

    static OrderReported.Builder map(JsonNode notification, JsonNode order, String merchantId, Instant receivedAt) {
        JsonNode data = notification.path("data");
        long type = wholeNumber(notification, "type");
        String detailStatus = optionalText(order, "status");
        OrderStatus current = detailStatus == null ? OrderStatus.UNKNOWN : STATUS.getOrDefault(detailStatus, OrderStatus.UNKNOWN);
        OrderStatus status;
        String platformStatus;
        switch ((int) type) {
            case 1 -> {
                platformStatus = data.path("order_status").asString();
                status = STATUS.get(platformStatus);
            }
            case 11 -> {
                platformStatus = text(required(data, "cancel_status"), "data.cancel_status");
                status = platformStatus.equals("CANCELLATION_REQUEST_COMPLETE") || platformStatus.equals("CANCELLATION_REQUEST_SUCCESS")
                        ? OrderStatus.CANCELLED : current;
            }
            default -> {
                platformStatus = text(required(data, "return_status"), "data.return_status");
                status = platformStatus.equals("RETURN_OR_REFUND_REQUEST_COMPLETE")
                        || platformStatus.equals("REPLACEMENT_REQUEST_REFUND_SUCCESS") ? OrderStatus.PARTLY_REFUNDED : current;
            }
        }
        JsonNode payment = requiredObject(order, "payment");
        String currency = Amounts.currency(text(required(payment, "currency"), "payment.currency"), "payment.currency");
        long total = Amounts.minor(text(required(payment, "total_amount"), "payment.total_amount"), currency, "payment.total_amount");
        long updated = optionalWholeNumber(data, "update_time",
                optionalWholeNumber(data, "create_time", wholeNumber(notification, "timestamp")));
        return OrderReported.newBuilder()
                .setOccurredAt(Instant.ofEpochSecond(updated))
                .setReceivedAt(receivedAt)
                .setMerchantId(merchantId)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId(text(required(data, "order_id"), "data.order_id"))
                .setDeliveryId(optionalText(notification, "tts_notification_id"))
                .setStatus(status)
                .setPlatformStatus(platformStatus)
                .setTotalMinor(total)
                .setCurrency(currency)
                .setItems(items(objects(order, "line_items"), currency))
                .setBuyerEmailSha256(BuyerEmails.sha256(optionalText(order, "buyer_email")))
                .setHints(AttributionHints.newBuilder()
                        .setPromoCodes(List.of())
                        .setBuyerNote(optionalText(order, "buyer_message"))
                        .setCartAttributes(Map.of())
                        .build());
    }

    private static List<OrderItem> items(List<JsonNode> lines, String currency) {
        List<OrderItem> items = new ArrayList<>();
        int index = 0;
        for (JsonNode line : lines) {
            String field = "line_items[" + index++ + "].sale_price";
            items.add(OrderItem.newBuilder()
                    .setProductId(optionalText(line, "product_id"))
                    .setSku(optionalText(line, "seller_sku") != null ? optionalText(line, "seller_sku") : optionalText(line, "sku_id"))
                    .setName(optionalText(line, "product_name"))
                    .setQuantity(1)
                    .setUnitPriceMinor(Amounts.minor(text(required(line, "sale_price"), field), currency, field))
                    .build());
        }
        return items;
    }
}
