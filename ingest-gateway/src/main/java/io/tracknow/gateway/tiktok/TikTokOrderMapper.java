package io.tracknow.gateway.tiktok;

import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.OrderSource;
import io.tracknow.events.common.OrderStatus;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.BuyerEmails;
import io.tracknow.gateway.intake.InvalidWebhookException;
import io.tracknow.gateway.intake.JsonBodies;
import io.tracknow.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns TikTok Shop's rich order notification (seed 000: numeric status codes, amounts in the
 * currency's minor units) into an {@code orders.v1} event.
 */
public final class TikTokOrderMapper {

    /** TikTok Shop order status codes, as seed 000 lists them. */
    static final Map<Integer, OrderStatus> STATUS = Map.of(
            100, OrderStatus.PENDING,
            111, OrderStatus.PAID,
            112, OrderStatus.PAID,
            121, OrderStatus.FULFILLED,
            122, OrderStatus.FULFILLED,
            130, OrderStatus.FULFILLED,
            140, OrderStatus.CANCELLED);

    private TikTokOrderMapper() {
    }

    /**
     * @throws InvalidWebhookException when a required field is missing or has the wrong type
     */
    public static OrderReported.Builder map(JsonNode body, String merchantId, Instant receivedAt) {
        JsonNode data = required(body, "data");
        String orderId = text(required(data, "order_id"), "data.order_id");
        JsonNode statusNode = required(data, "order_status");
        if (!statusNode.canConvertToInt()) {
            throw new InvalidWebhookException("data.order_status must be a TikTok Shop status code");
        }
        int statusCode = statusNode.asInt();
        OrderStatus status = STATUS.get(statusCode);
        if (status == null) {
            throw new InvalidWebhookException("data.order_status " + statusCode + " is not a known TikTok Shop status");
        }
        JsonNode payment = required(data, "payment");
        JsonNode total = required(payment, "total_amount");
        if (!total.canConvertToLong() || total.asLong() < 0) {
            throw new InvalidWebhookException("data.payment.total_amount must be a non-negative integer of minor units");
        }
        String currency;
        try {
            currency = Money.currency(text(required(payment, "currency"), "data.payment.currency")).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookException("data.payment.currency: " + e.getMessage());
        }
        long timestamp = required(body, "timestamp").asLong();

        return OrderReported.newBuilder()
                .setOccurredAt(Instant.ofEpochSecond(data.path("update_time").asLong(timestamp)))
                .setReceivedAt(receivedAt)
                .setMerchantId(merchantId)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId(orderId)
                // the same reading as TikTokSource.earlyDedupeKey: an explicit null or "" is no id, so such
                // notifications fall back to the natural key instead of all sharing the key "notification:"
                .setDeliveryId(JsonBodies.optionalText(body.get("tts_notification_id")))
                .setStatus(status)
                .setPlatformStatus(Integer.toString(statusCode))
                .setTotalMinor(total.asLong())
                .setCurrency(currency)
                .setItems(items(data.path("items")))
                .setBuyerEmailSha256(BuyerEmails.sha256(data.path("buyer_info").path("email").asString(null)))
                .setHints(hints(data));
    }

    private static List<OrderItem> items(JsonNode items) {
        List<OrderItem> result = new ArrayList<>();
        for (JsonNode item : items) {
            result.add(OrderItem.newBuilder()
                    .setProductId(item.path("product_id").asString(null))
                    .setSku(item.path("sku").asString(null))
                    .setName(item.path("product_name").asString(null))
                    .setCategory(item.path("category").asString(null))
                    .setQuantity(item.path("quantity").asInt(1))
                    .setUnitPriceMinor(item.path("price").asLong(0))
                    .build());
        }
        return result;
    }

    private static AttributionHints hints(JsonNode data) {
        List<String> promoCodes = new ArrayList<>();
        for (JsonNode promotion : data.path("promotion_info")) {
            String code = promotion.path("promotion_code").asString(null);
            if (code != null && !code.isBlank()) {
                promoCodes.add(code);
            }
        }
        JsonNode tracking = data.path("tracking_info");
        return AttributionHints.newBuilder()
                .setCreatorId(data.path("creator_info").path("creator_id").asString(null))
                .setPromoCodes(promoCodes)
                .setUtmSource(tracking.path("utm_source").asString(null))
                .setUtmMedium(tracking.path("utm_medium").asString(null))
                .setUtmCampaign(tracking.path("utm_campaign").asString(null))
                .setClickId(tracking.path("click_id").asString(null))
                .setBuyerNote(data.path("buyer_message").asString(null))
                .setCartAttributes(Map.of())
                .build();
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            throw new InvalidWebhookException("missing required field " + field);
        }
        return node;
    }

    private static String text(JsonNode node, String name) {
        if (!node.isValueNode() || node.asString().isBlank()) {
            throw new InvalidWebhookException(name + " must be a non-empty value");
        }
        return node.asString();
    }
}
