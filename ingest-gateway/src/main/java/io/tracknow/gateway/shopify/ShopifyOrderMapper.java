package io.tracknow.gateway.shopify;

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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Shopify order webhooks (orders/create, orders/updated, orders/paid, orders/cancelled) into
 * {@code orders.v1}, each with every refund the order lists ({@code refunds[]}, see {@link ShopifyRefunds}).
 * The topic is authoritative for paid and cancelled; orders/create and orders/updated take their status
 * from the order's financial status (cancelled_at wins): refunded and partially_refunded are how a
 * refund's effect on the order reaches us. Amounts are Shopify's decimal strings, e.g. "404.95".
 * The order id is read from {@code admin_graphql_api_id} when present: its number is exact, while the
 * numeric {@code id} may have lost digits in a JavaScript JSON round trip.
 */
final class ShopifyOrderMapper {

    private ShopifyOrderMapper() {}

    static OrderReported.Builder map(
            JsonNode order, String topic, String merchantId, String deliveryId, Instant receivedAt) {
        String currency = Amounts.currency(text(required(order, "currency"), "currency"), "currency");
        long total = Amounts.minor(text(required(order, "total_price"), "total_price"), currency, "total_price");
        String financial = optionalText(order, "financial_status");
        List<Refund> refunds = ShopifyRefunds.ofOrder(order, currency);
        return OrderReported.newBuilder()
                .setOccurredAt(time(order, "updated_at", "processed_at", "created_at", receivedAt))
                .setReceivedAt(receivedAt)
                .setMerchantId(merchantId)
                .setSource(OrderSource.SHOPIFY)
                .setExternalOrderId(orderId(order))
                .setDeliveryId(deliveryId)
                .setStatus(status(topic, order, financial))
                .setPlatformStatus(financial == null ? topic : financial)
                .setTotalMinor(total)
                .setRefunds(refunds)
                .setRefundedMinor(Refunds.total(refunds))
                .setCurrency(currency)
                .setItems(items(objects(order, "line_items"), currency))
                .setBuyerEmailSha256(BuyerEmails.sha256(email(order)))
                .setHints(hints(order));
    }

    static OrderStatus status(String topic, JsonNode order, String financial) {
        if ("orders/paid".equals(topic)) {
            return OrderStatus.PAID;
        }
        if ("orders/cancelled".equals(topic) || optionalText(order, "cancelled_at") != null) {
            return OrderStatus.CANCELLED;
        }
        if (financial == null) {
            return OrderStatus.PENDING;
        }
        return switch (financial) {
            case "pending", "authorized", "partially_paid", "unpaid" -> OrderStatus.PENDING;
            case "paid" ->
                "fulfilled".equals(optionalText(order, "fulfillment_status"))
                        ? OrderStatus.FULFILLED
                        : OrderStatus.PAID;
            case "refunded" -> OrderStatus.REFUNDED;
            case "partially_refunded" -> OrderStatus.PARTLY_REFUNDED;
            case "voided" -> OrderStatus.CANCELLED;
            default -> OrderStatus.UNKNOWN;
        };
    }

    static String orderId(JsonNode order) {
        String gid = optionalText(order, "admin_graphql_api_id");
        if (gid != null && gid.startsWith("gid://shopify/Order/")) {
            return gid.substring("gid://shopify/Order/".length());
        }
        return text(required(order, "id"), "id");
    }

    static Instant time(JsonNode node, String first, String second, String third, Instant fallback) {
        for (String field : new String[] {first, second, third}) {
            String value = optionalText(node, field);
            if (value != null) {
                try {
                    return OffsetDateTime.parse(value).toInstant();
                } catch (DateTimeParseException e) {
                    throw new InvalidWebhookException(field + " is not an ISO-8601 date-time: " + value);
                }
            }
        }
        return fallback;
    }

    private static String email(JsonNode order) {
        String email = optionalText(order, "email");
        if (email == null) {
            email = optionalText(order, "contact_email");
        }
        return email != null ? email : optionalText(optionalObject(order, "customer"), "email");
    }

    private static List<OrderItem> items(List<JsonNode> lines, String currency) {
        List<OrderItem> items = new ArrayList<>();
        int index = 0;
        for (JsonNode line : lines) {
            String field = "line_items[" + index++ + "].price";
            items.add(OrderItem.newBuilder()
                    .setProductId(optionalText(line, "product_id"))
                    .setSku(optionalText(line, "sku"))
                    .setName(
                            optionalText(line, "name") != null
                                    ? optionalText(line, "name")
                                    : optionalText(line, "title"))
                    .setCategory(optionalText(line, "product_type"))
                    .setQuantity(optionalInt(line, "quantity", 1))
                    .setUnitPriceMinor(Amounts.minor(text(required(line, "price"), field), currency, field))
                    .build());
        }
        return items;
    }

    private static AttributionHints hints(JsonNode order) {
        List<String> codes = new ArrayList<>();
        for (JsonNode discount : objects(order, "discount_codes")) {
            String code = optionalText(discount, "code");
            if (code != null) {
                codes.add(code);
            }
        }
        Map<String, String> utm = LandingSite.parameters(optionalText(order, "landing_site"));
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode attribute : objects(order, "note_attributes")) {
            String name = optionalText(attribute, "name");
            String value = optionalText(attribute, "value");
            if (name != null && value != null) {
                attributes.put(name, value);
            }
        }
        String clickId = utm.getOrDefault("click_id", utm.getOrDefault("ttclid", attributes.get("click_id")));
        return AttributionHints.newBuilder()
                .setCreatorId(attributes.get("creator_id"))
                .setPromoCodes(codes)
                .setUtmSource(utm.get("utm_source"))
                .setUtmMedium(utm.get("utm_medium"))
                .setUtmCampaign(utm.get("utm_campaign"))
                .setClickId(clickId)
                .setBuyerNote(optionalText(order, "note"))
                .setCartAttributes(attributes)
                .build();
    }
}
