package io.tracknow.gateway.intake;

import io.tracknow.events.common.OrderItem;
import io.tracknow.events.common.Refund;
import io.tracknow.events.orders.AttributionHints;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What an event may carry before the gateway publishes it, the same for every source, applied by the intake
 * to every event a source built (so no mapper can forget a rule). What the shop or provider states is
 * refused when out of bounds, 400 invalid-payload naming the field: an amount is never negative and never
 * above the currency's maximum (configured in major units, so that 1,000,000 means a million euros and
 * 150,000,000 yen alike); an id, status or dedupe key is at most {@code max-id-length} characters (it becomes
 * a Kafka key and a database key). What the buyer typed is trimmed instead (see {@link #hints}). Bounds:
 * {@code tracknow.gateway.limits.*}, docs/ingest-gateway.md "Bad input".
 */
@Component
public class PayloadLimits {

    private final GatewayProperties.Limits limits;
    /** max-amount in minor units, by the currency's number of digits (0 to 3). */
    private final long[] defaultMaxMinorPerDigit = new long[4];

    private final Map<String, Long> maxMinorByCurrency = new HashMap<>();

    @Autowired
    public PayloadLimits(GatewayProperties properties) {
        this(properties.limits());
    }

    PayloadLimits(GatewayProperties.Limits limits) {
        this.limits = limits;
        for (int digits = 0; digits < defaultMaxMinorPerDigit.length; digits++) {
            defaultMaxMinorPerDigit[digits] = minor(limits.maxAmount(), digits, "max-amount");
        }
        limits.maxAmountByCurrency().forEach((code, major) -> {
            Currency currency = Money.currency(code);
            maxMinorByCurrency.put(
                    currency.getCurrencyCode(), minor(major, Money.digits(currency), "max-amount-by-currency." + code));
        });
    }

    /**
     * Applies the limits to an event a source built: throws {@link InvalidWebhookException} naming the first
     * id, status or amount out of bounds; trims free text and drops attribution hints over their bound.
     */
    public void apply(Normalised.Publish publish) {
        id(publish.dedupeKey(), "the dedupe key");
        switch (publish.event()) {
            case OrderReported order -> order(order);
            case PaymentCallbackReceived callback -> payment(callback);
            default ->
                throw new IllegalStateException(
                        "no limits for " + publish.event().getSchema().getFullName());
        }
    }

    /** A dedupe key read before the delivery is normalised (TikTok's notification id), before it reaches the database. */
    public void dedupeKey(String key) {
        id(key, "the dedupe key");
    }

    /**
     * Largest amount of the currency, in its minor units.
     *
     * @throws IllegalArgumentException for a code that is not ISO 4217
     */
    public long maxMinor(String currencyCode) {
        Currency currency = Money.currency(currencyCode);
        Long configured = maxMinorByCurrency.get(currency.getCurrencyCode());
        return configured != null ? configured : defaultMaxMinorPerDigit[Math.min(Money.digits(currency), 3)];
    }

    private void order(OrderReported order) {
        id(order.getExternalOrderId(), "the order id");
        id(order.getDeliveryId(), "the delivery id (event-id header or notification id)");
        id(order.getPlatformStatus(), "the order status");
        String currency = order.getCurrency().toString();
        amount(order.getTotalMinor(), currency, "the order total");
        amount(order.getRefundedMinor(), currency, "the refunded amount");
        for (Refund refund : order.getRefunds()) {
            id(refund.getRefundId(), "the refund id");
            amount(refund.getAmountMinor(), currency, "refund " + refund.getRefundId());
        }
        int index = 0;
        for (OrderItem item : order.getItems()) {
            String line = "line item " + index++;
            id(item.getProductId(), line + " product id");
            id(item.getSku(), line + " sku");
            item.setName(truncated(item.getName()));
            item.setCategory(truncated(item.getCategory()));
            amount(item.getUnitPriceMinor(), currency, line + " price");
            if (item.getQuantity() < 0 || item.getQuantity() > limits.maxQuantity()) {
                throw new InvalidWebhookException(
                        line + " quantity " + item.getQuantity() + " is outside 0.." + limits.maxQuantity());
            }
        }
        hints(order.getHints());
    }

    /**
     * Attribution hints and the buyer note come from what the buyer typed or the landing URL they followed: a
     * buyer must not be able to get the merchant's order refused (and the shop's webhook disabled after its
     * failures: WooCommerce does that after five) by a long note or a crafted URL. So text is cut at the
     * bound and a code that is over it (it could never match a promo code, creator or click) is dropped.
     */
    private void hints(AttributionHints hints) {
        hints.setBuyerNote(truncated(hints.getBuyerNote()));
        hints.setCreatorId(withinIdLength(hints.getCreatorId()));
        hints.setUtmSource(withinIdLength(hints.getUtmSource()));
        hints.setUtmMedium(withinIdLength(hints.getUtmMedium()));
        hints.setUtmCampaign(withinIdLength(hints.getUtmCampaign()));
        hints.setClickId(withinIdLength(hints.getClickId()));
        hints.setPromoCodes(hints.getPromoCodes().stream()
                .filter(code -> code.length() <= limits.maxIdLength())
                .toList());
        Map<String, String> attributes = new LinkedHashMap<>();
        hints.getCartAttributes().forEach((name, value) -> {
            if (name.length() <= limits.maxIdLength()) {
                attributes.put(name, truncated(value));
            }
        });
        hints.setCartAttributes(attributes);
    }

    private void payment(PaymentCallbackReceived callback) {
        id(callback.getExternalPaymentId(), "the payment id");
        id(callback.getProviderStatus(), "the payment status");
        if (callback.getAmountMinor() != null) {
            amount(callback.getAmountMinor(), callback.getCurrency().toString(), "the amount");
        }
    }

    private void amount(long minor, String currency, String field) {
        if (minor < 0) {
            throw new InvalidWebhookException(
                    field + " is negative (" + Money.format(minor, currency) + " " + currency + ")");
        }
        long max = maxMinor(currency);
        if (minor > max) {
            throw new InvalidWebhookException(field + " " + Money.format(minor, currency) + " " + currency
                    + " is above the largest amount accepted, " + Money.format(max, currency) + " " + currency);
        }
    }

    private void id(CharSequence value, String field) {
        bounded(value, limits.maxIdLength(), field);
    }

    /** The text cut to the text bound (whole code points), null for null. */
    private String truncated(String text) {
        if (text == null || text.length() <= limits.maxTextLength()) {
            return text;
        }
        int end = limits.maxTextLength();
        return text.substring(0, Character.isLowSurrogate(text.charAt(end)) ? end - 1 : end);
    }

    private String withinIdLength(String code) {
        return code == null || code.length() <= limits.maxIdLength() ? code : null;
    }

    private static void bounded(CharSequence value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new InvalidWebhookException(
                    field + " is " + value.length() + " characters long; at most " + max + " are accepted");
        }
    }

    private static long minor(BigDecimal major, int digits, String property) {
        try {
            return major.movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalStateException("tracknow.gateway.limits." + property + " (" + major.toPlainString()
                    + ") is not a whole number of minor units or does not fit in a long");
        }
    }
}
