package io.tracknow.gateway.shopify;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.optionalText;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.events.common.Refund;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Refunds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A Shopify refund object (the body of refunds/create, or one element of an order's {@code refunds[]} in
 * orders/updated and the other order topics) as one identified refund. Its id is the number of
 * {@code admin_graphql_api_id} (gid://shopify/Refund/N: exact, where the numeric {@code id} may have lost
 * digits in a JavaScript round trip), else {@code id}. Its amount is what the shop paid back: the sum of its
 * transactions of kind refund with status success; a refund whose refund transactions have none succeeded
 * yet moved no money and is left out (orders/updated lists it again once they have); a refund with no
 * refund transaction at all counts its refunded lines, subtotal plus tax, in shop money.
 */
final class ShopifyRefunds {

    private static final String GID = "gid://shopify/Refund/";

    private ShopifyRefunds() {}

    /** Every refund of an order that moved money, in the order's currency. */
    static List<Refund> ofOrder(JsonNode order, String currency) {
        List<Refund> refunds = new ArrayList<>();
        int index = 0;
        for (JsonNode refund : objects(order, "refunds")) {
            of(refund, currency, "refunds[" + index++ + "]").ifPresent(refunds::add);
        }
        return refunds;
    }

    /** @param field where the refund is in the body ("" for the body itself, "refunds[0]"), for error messages */
    static Optional<Refund> of(JsonNode refund, String currency, String field) {
        String at = field.isEmpty() ? "" : field + ".";
        long paid = 0;
        boolean refundTransactions = false;
        boolean succeeded = false;
        int index = 0;
        for (JsonNode transaction : objects(refund, "transactions")) {
            String amountField = at + "transactions[" + index++ + "].amount";
            if ("refund".equals(optionalText(transaction, "kind"))) {
                refundTransactions = true;
                if ("success".equals(optionalText(transaction, "status"))) {
                    succeeded = true;
                    paid = Math.addExact(
                            paid,
                            Amounts.minor(text(required(transaction, "amount"), amountField), currency, amountField));
                }
            }
        }
        if (refundTransactions && !succeeded) {
            return Optional.empty();
        }
        if (!refundTransactions) {
            paid = lines(refund, currency, at);
        }
        Instant when = ShopifyOrderMapper.time(refund, "processed_at", "created_at", "created_at", null);
        return Optional.of(Refunds.of(id(refund, at), paid, when, at + "id"));
    }

    private static long lines(JsonNode refund, String currency, String at) {
        long sum = 0;
        int index = 0;
        for (JsonNode line : objects(refund, "refund_line_items")) {
            String prefix = at + "refund_line_items[" + index++ + "].";
            for (String part : new String[] {"subtotal_set", "total_tax_set"}) {
                JsonNode amount = line.path(part).path("shop_money").path("amount");
                if (part.equals("total_tax_set") && amount.isMissingNode()) {
                    continue; // no tax stated: none refunded
                }
                String amountField = prefix + part + ".shop_money.amount";
                sum = Math.addExact(sum, Amounts.minor(text(amount, amountField), currency, amountField));
            }
        }
        return sum;
    }

    private static String id(JsonNode refund, String at) {
        String gid = optionalText(refund, "admin_graphql_api_id");
        if (gid != null && gid.startsWith(GID)) {
            return gid.substring(GID.length());
        }
        return text(required(refund, "id"), at + "id");
    }
}
