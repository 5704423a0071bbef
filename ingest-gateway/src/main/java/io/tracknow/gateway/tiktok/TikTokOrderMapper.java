package io.tracknow.gateway.tiktok;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalInt;
import static io.tracknow.gateway.intake.JsonBodies.optionalObject;
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
 * Turns TikTok Shop's rich order notification (docs/ingest-gateway.md, "Normalisation": numeric status codes, amounts in the
 * currency's minor units) into an {@code orders.v1} event.
 */
public final class TikTokOrderMapper {

    /** TikTok Shop order status codes (docs/ingest-gateway.md, "Normalisation"). */
    static final Map<Integer, OrderStatus> STATUS = Map.of(
            100, OrderStatus.PENDING,
            111, OrderStatus.PAID,
            112, OrderStatus.PAID,
            121, OrderStatus.FULFILLED,
            122, OrderStatus.FULFILLED,
            130, OrderStatus.FULFILLED,
            140, OrderStatus.CANCELLED);

    private TikTokOrderMapper() {}

    /**
     * @throws InvalidWebhookException when a required field is missing or has the wrong type
     */
    public static OrderReported.Builder map(JsonNode body, String merchantId, Instant receivedAt) {
        JsonNode data = requiredObject(body, "data");
        String orderId = text(required(data, "order_id"), "data.order_id");
        long statusCode = wholeNumber(data, "order_status");
        OrderStatus status = STATUS.get((int) statusCode == statusCode ? (int) statusCode : -1);
        if (status == null) {
            throw new InvalidWebhookException("data.order_status " + statusCode + " is not a known TikTok Shop status");
        }
        JsonNode payment = requiredObject(data, "payment");
        long total = wholeNumber(payment, "total_amount");
        String currency =
                Amounts.currency(text(required(payment, "currency"), "data.payment.currency"), "data.payment.currency");
        long timestamp = wholeNumber(body, "timestamp");

        return OrderReported.newBuilder()
                .setOccurredAt(Instant.ofEpochSecond(optionalWholeNumber(data, "update_time", timestamp)))
                .setReceivedAt(receivedAt)
                .setMerchantId(merchantId)
                .setSource(OrderSource.TIKTOK_SHOP)
                .setExternalOrderId(orderId)
                // the same reading as TikTokSource.earlyDedupeKey: an explicit null or "" is no id, so such
                // notifications fall back to the natural key instead of all sharing the key "notification:"
                .setDeliveryId(optionalText(body, "tts_notification_id"))
                .setStatus(status)
                .setPlatformStatus(Long.toString(statusCode))
                .setTotalMinor(total)
                .setCurrency(currency)
                .setItems(items(objects(data, "items")))
                .setBuyerEmailSha256(BuyerEmails.sha256(optionalText(optionalObject(data, "buyer_info"), "email")))
                .setHints(hints(data));
    }

    private static List<OrderItem> items(List<JsonNode> items) {
        List<OrderItem> result = new ArrayList<>();
        for (JsonNode item : items) {
            result.add(OrderItem.newBuilder()
                    .setProductId(optionalText(item, "product_id"))
                    .setSku(optionalText(item, "sku"))
                    .setName(optionalText(item, "product_name"))
                    .setCategory(optionalText(item, "category"))
                    .setQuantity(optionalInt(item, "quantity", 1))
                    .setUnitPriceMinor(optionalWholeNumber(item, "price", 0))
                    .build());
        }
        return result;
    }

    private static AttributionHints hints(JsonNode data) {
        List<String> promoCodes = new ArrayList<>();
        for (JsonNode promotion : objects(data, "promotion_info")) {
            String code = optionalText(promotion, "promotion_code");
            if (code != null) {
                promoCodes.add(code);
            }
        }
        JsonNode tracking = optionalObject(data, "tracking_info");
        return AttributionHints.newBuilder()
                .setCreatorId(optionalText(optionalObject(data, "creator_info"), "creator_id"))
                .setPromoCodes(promoCodes)
                .setUtmSource(optionalText(tracking, "utm_source"))
                .setUtmMedium(optionalText(tracking, "utm_medium"))
                .setUtmCampaign(optionalText(tracking, "utm_campaign"))
                .setClickId(optionalText(tracking, "click_id"))
                .setBuyerNote(optionalText(data, "buyer_message"))
                .setCartAttributes(Map.of())
                .build();
    }
}
