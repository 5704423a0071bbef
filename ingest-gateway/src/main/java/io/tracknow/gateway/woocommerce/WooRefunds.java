package io.tracknow.gateway.woocommerce;

import static io.tracknow.gateway.intake.JsonBodies.objects;
import static io.tracknow.gateway.intake.JsonBodies.required;
import static io.tracknow.gateway.intake.JsonBodies.text;

import io.tracknow.events.common.Refund;
import io.tracknow.gateway.intake.Amounts;
import io.tracknow.gateway.intake.Refunds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A WooCommerce order's refunds: each entry of {@code refunds[]} ({@code id}, {@code total} as a negative
 * decimal string, e.g. "-10.00") is one refund, identified by WooCommerce's refund id. An order in status
 * {@code refunded} that lists no refund is one refund of the whole total, under the natural key
 * {@code <orderId>:full}, the same on every webhook of that order.
 */
final class WooRefunds {

    private WooRefunds() {}

    static List<Refund> of(
            JsonNode order, String orderId, String status, long total, String currency, Instant modified) {
        List<Refund> refunds = new ArrayList<>();
        int index = 0;
        for (JsonNode refund : objects(order, "refunds")) {
            String field = "refunds[" + index++ + "]";
            long amount = Math.abs(
                    Amounts.minor(text(required(refund, "total"), field + ".total"), currency, field + ".total"));
            refunds.add(Refunds.of(text(required(refund, "id"), field + ".id"), amount, null, field + ".id"));
        }
        if (refunds.isEmpty() && "refunded".equals(status)) {
            refunds.add(Refunds.of(orderId + ":full", total, modified, "id"));
        }
        return refunds;
    }
}
