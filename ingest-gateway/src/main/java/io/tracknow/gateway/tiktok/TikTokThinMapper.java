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
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.Refunds;
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
 * CANCELLED and refunds the whole order, one refund under the natural key {@code cancel:<cancel_id>};
 * any other cancel status leaves the order at the detail's current status. Type 12: a
 * completed return/refund is PARTLY_REFUNDED with one refund, {@code return:<return_id>}, of the amount
 * the Search Returns API states (the notification states none); other return statuses leave the order
 * at the detail's status, with no refund.
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

    /** Return statuses after which the buyer has been refunded. */
    static final java.util.Set<String> REFUND_DONE =
            java.util.Set.of("RETURN_OR_REFUND_REQUEST_COMPLETE", "REPLACEMENT_REQUEST_REFUND_SUCCESS");

    private TikTokThinMapper() {}

    /** The notification's own order id, checked before any API call. */
    static String orderId(JsonNode notification) {
        long type = optionalWholeNumber(notification, "type", -1);
        if (type != 1 && type != 11 && type != 12) {
            throw new InvalidWebhookException("type " + notification.path("type")
                    + " is not an order (1), cancellation (11)" + " or return (12) notification");
        }
        if (type == 1) {
            String status = text(required(requiredObject(notification, "data"), "order_status"), "data.order_status");
            if (!STATUS.containsKey(status)) {
                throw new InvalidWebhookException(
                        "data.order_status " + status + " is not a known TikTok Shop order status");
            }
        }
        return text(required(requiredObject(notification, "data"), "order_id"), "data.order_id");
    }

    /** A return or refund notification (type 12) whose refund is done: its amount must be read from the Return API. */
    static boolean refundCompleted(JsonNode notification) {
        String status = optionalText(notification.path("data"), "return_status");
        return notification.path("type").asInt(-1) == 12 && REFUND_DONE.contains(status);
    }

    /**
     * @param returns the order's {@code return_orders} from the Search Returns API (a missing node unless
     *                {@link #refundCompleted}): the notification's return is one refund, {@code return:<return_id>},
     *                of its {@code refund_amount.refund_total}
     */
    static OrderReported.Builder map(
            JsonNode notification, JsonNode order, JsonNode returns, String merchantId, Instant receivedAt) {
        JsonNode data = notification.path("data");
        long type = wholeNumber(notification, "type");
        String detailStatus = optionalText(order, "status");
        OrderStatus current =
                detailStatus == null ? OrderStatus.UNKNOWN : STATUS.getOrDefault(detailStatus, OrderStatus.UNKNOWN);
        OrderStatus status;
        String platformStatus;
        switch ((int) type) {
            case 1 -> {
                platformStatus = data.path("order_status").asString();
                status = STATUS.get(platformStatus);
            }
            case 11 -> {
                platformStatus = text(required(data, "cancel_status"), "data.cancel_status");
                status = platformStatus.equals("CANCELLATION_REQUEST_COMPLETE")
                                || platformStatus.equals("CANCELLATION_REQUEST_SUCCESS")
                        ? OrderStatus.CANCELLED
                        : current;
            }
            default -> {
                platformStatus = text(required(data, "return_status"), "data.return_status");
                status = REFUND_DONE.contains(platformStatus) ? OrderStatus.PARTLY_REFUNDED : current;
            }
        }
        JsonNode payment = requiredObject(order, "payment");
        String currency = Amounts.currency(text(required(payment, "currency"), "payment.currency"), "payment.currency");
        long total = Amounts.minor(
                text(required(payment, "total_amount"), "payment.total_amount"), currency, "payment.total_amount");
        long updated = optionalWholeNumber(
                data, "update_time", optionalWholeNumber(data, "create_time", wholeNumber(notification, "timestamp")));
        List<Refund> refunds = type == 11 && status == OrderStatus.CANCELLED
                ? List.of(
                        Refunds.of("cancel:" + cancelId(data), total, Instant.ofEpochSecond(updated), "data.cancel_id"))
                : refundCompleted(notification) ? List.of(returned(data, returns, currency, updated)) : List.of();
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
                .setRefunds(refunds)
                .setRefundedMinor(Refunds.total(refunds))
                .setCurrency(currency)
                .setItems(items(objects(order, "line_items"), currency))
                .setBuyerEmailSha256(BuyerEmails.sha256(optionalText(order, "buyer_email")))
                .setHints(AttributionHints.newBuilder()
                        .setPromoCodes(List.of())
                        .setBuyerNote(optionalText(order, "buyer_message"))
                        .setCartAttributes(Map.of())
                        .build());
    }

    /** The notification's return, as the Search Returns API states its refund; 503 (retry) when the API does not list it. */
    private static Refund returned(JsonNode data, JsonNode returns, String currency, long updated) {
        String returnId = text(required(data, "return_id"), "data.return_id");
        for (JsonNode candidate : returns) {
            if (returnId.equals(optionalText(candidate, "return_id"))) {
                JsonNode amount = candidate.path("refund_amount");
                String stated = optionalText(amount, "currency");
                if (stated != null
                        && !Amounts.currency(stated, "refund_amount.currency").equals(currency)) {
                    throw new InvalidWebhookException(
                            "return " + returnId + " is refunded in " + stated + ", the order in " + currency);
                }
                String field = "refund_amount.refund_total";
                long refunded = Amounts.minor(text(required(amount, "refund_total"), field), currency, field);
                return Refunds.of("return:" + returnId, refunded, Instant.ofEpochSecond(updated), "data.return_id");
            }
        }
        throw new TikTokOrderApi.Unavailable("TikTok Shop's Search Returns API does not list return " + returnId, null);
    }

    /** TikTok's cancellation id, or, for a notification without one, the order's (one completed cancellation per order). */
    private static String cancelId(JsonNode data) {
        String id = optionalText(data, "cancel_id");
        return id != null ? id : "order-" + text(required(data, "order_id"), "data.order_id");
    }

    private static List<OrderItem> items(List<JsonNode> lines, String currency) {
        List<OrderItem> items = new ArrayList<>();
        int index = 0;
        for (JsonNode line : lines) {
            String field = "line_items[" + index++ + "].sale_price";
            items.add(OrderItem.newBuilder()
                    .setProductId(optionalText(line, "product_id"))
                    .setSku(
                            optionalText(line, "seller_sku") != null
                                    ? optionalText(line, "seller_sku")
                                    : optionalText(line, "sku_id"))
                    .setName(optionalText(line, "product_name"))
                    .setQuantity(1)
                    .setUnitPriceMinor(Amounts.minor(text(required(line, "sale_price"), field), currency, field))
                    .build());
        }
        return items;
    }
}
