package io.tracknow.gateway.publish;

import io.tracknow.events.orders.OrderReported;

/** The orders.v1 key: merchant + source + the shop's order id, so every event of one order lands in one partition, in order. */
public final class OrderKeys {

    private OrderKeys() {
    }

    public static String of(OrderReported order) {
        return order.getMerchantId() + "|" + order.getSource() + "|" + order.getExternalOrderId();
    }
}
