package io.tracknow.gateway.woocommerce;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalInt;
import static io.tracknow.gateway.intake.JsonBodies.optionalObject;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * WooCommerce order webhooks (the REST v3 order representation) into {@code orders.v1}. Statuses:
 * pending, on-hold and checkout-draft are PENDING; processing is PAID (WooCommerce moves an order
 * there once payment is received); completed is FULFILLED; cancelled and failed are CANCELLED;
 * refunded is REFUNDED, and any other status with refunds listed is PARTLY_REFUNDED. Every refund is
 * identified (see {@link WooRefunds}). WooCommerce's
 * order attribution meta ({@code _wc_order_attribution_utm_*}) gives the UTM hints.
 */
final class WooOrderMapper {

    private WooOrderMapper() {}

    static OrderReported.Builder map(JsonNode order, String merchantId, String deliveryId, Instant receivedAt) {
        String orderId = text(required(order, "id"), "id");
        String platformStatus = text(required(order, "status"), "status");
        String currency = Amounts.currency(text(required(order, "currency"), "currency"), "currency");
        long total = Amounts.minor(text(required(order, "total"), "total"), currency, "total");
        Instant modified = modified(order);
        List<Refund> refunds = WooRefunds.of(order, orderId, platformStatus, total, currency, modified);
        long refunded = Refunds.total(refunds);
        Map<String, String> meta = meta(objects(order, "meta_data"));
        return OrderReported.newBuilder()
                .setOccurredAt(modified)
                .setReceivedAt(receivedAt)
                .setMerchantId(merchantId)
                .setSource(OrderSource.WOOCOMMERCE)
                .setExternalOrderId(orderId)
                .setDeliveryId(deliveryId)
                .setStatus(status(platformStatus, refunded))
                .setPlatformStatus(platformStatus)
                .setTotalMinor(total)
                .setRefunds(refunds)
                .setRefundedMinor(refunded)
                .setCurrency(currency)
                .setItems(items(objects(order, "line_items"), currency))
                .setBuyerEmailSha256(BuyerEmails.sha256(optionalText(optionalObject(order, "billing"), "email")))
                .setHints(hints(order, meta));
    }

    static OrderStatus status(String status, long refunded) {
        OrderStatus mapped = switch (status) {
            case "pending", "on-hold", "checkout-draft" -> OrderStatus.PENDING;
            case "processing" -> OrderStatus.PAID;
            case "completed" -> OrderStatus.FULFILLED;
            case "cancelled", "failed" -> OrderStatus.CANCELLED;
            case "refunded" -> OrderStatus.REFUNDED;
            default -> OrderStatus.UNKNOWN;
        };
        return refunded > 0 && mapped != OrderStatus.REFUNDED ? OrderStatus.PARTLY_REFUNDED : mapped;
    }

    /** date_modified_gmt (UTC), else date_modified (the site's time zone, read as UTC for want of better): part of the dedupe key. */
    static Instant modified(JsonNode order) {
        String gmt = optionalText(order, "date_modified_gmt");
        String value = gmt != null ? gmt : optionalText(order, "date_modified");
        if (value == null) {
            throw new InvalidWebhookException("missing required field date_modified_gmt");
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidWebhookException("date_modified_gmt is not a date-time: " + value);
        }
    }

    private static List<OrderItem> items(List<JsonNode> lines, String currency) {
        List<OrderItem> items = new ArrayList<>();
        int index = 0;
        for (JsonNode line : lines) {
            String field = "line_items[" + index++ + "].price";
            items.add(OrderItem.newBuilder()
                    .setProductId(optionalText(line, "product_id"))
                    .setSku(optionalText(line, "sku"))
                    .setName(optionalText(line, "name"))
                    .setQuantity(optionalInt(line, "quantity", 1))
                    .setUnitPriceMinor(Amounts.roundedMinor(line.path("price"), currency, field))
                    .build());
        }
        return items;
    }

    private static Map<String, String> meta(List<JsonNode> metaData) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (JsonNode entry : metaData) {
            String key = optionalText(entry, "key");
            // plugins store objects and arrays as meta values too: those are no attribution hints, skip them
            String value = entry.path("value").isContainer() ? null : optionalText(entry, "value");
            if (key != null && value != null) {
                meta.put(key, value);
            }
        }
        return meta;
    }

    private static AttributionHints hints(JsonNode order, Map<String, String> meta) {
        List<String> codes = new ArrayList<>();
        for (JsonNode coupon : objects(order, "coupon_lines")) {
            String code = optionalText(coupon, "code");
            if (code != null) {
                codes.add(code);
            }
        }
        return AttributionHints.newBuilder()
                .setCreatorId(first(meta, "creator_id", "_creator_id"))
                .setPromoCodes(codes)
                .setUtmSource(first(meta, "_wc_order_attribution_utm_source", "utm_source"))
                .setUtmMedium(first(meta, "_wc_order_attribution_utm_medium", "utm_medium"))
                .setUtmCampaign(first(meta, "_wc_order_attribution_utm_campaign", "utm_campaign"))
                .setClickId(first(meta, "click_id", "_click_id"))
                .setBuyerNote(optionalText(order, "customer_note"))
                .setCartAttributes(meta)
                .build();
    }

    private static String first(Map<String, String> meta, String key, String fallback) {
        return meta.getOrDefault(key, meta.get(fallback));
    }
}
