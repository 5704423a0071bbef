package io.tracknow.schemas;

import io.tracknow.events.accesstokens.AccessTokenEvent;
import io.tracknow.events.clicks.LinkClicked;
import io.tracknow.events.commissions.CommissionEvent;
import io.tracknow.events.notifications.NotificationSent;
import io.tracknow.events.orders.OrderReported;
import io.tracknow.events.paymentcallbacks.PaymentCallbackReceived;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.sales.SaleEvent;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The platform's topics and the one value schema each carries. A topic's schema is registered
 * under the subject {@code <topic>-value}; what a consumer cannot process goes to {@code <topic>.dlq}.
 */
public final class Topics {

    public static final String ORDERS = "orders.v1";
    public static final String CLICKS = "clicks.v1";
    public static final String SALES = "sales.v1";
    public static final String COMMISSIONS = "commissions.v1";
    public static final String PAYMENT_CALLBACKS = "payment-callbacks.v1";
    public static final String PAYMENTS = "payments.v1";
    public static final String NOTIFICATIONS = "notifications.v1";
    /** Compacted (cleanup.policy=compact): the latest event per token id is the token's state. */
    public static final String ACCESS_TOKENS = "access-tokens.v1";

    /** Topic name to the schema of its values. */
    public static final Map<String, Schema> VALUE_SCHEMAS = Map.of(
            ORDERS, OrderReported.getClassSchema(),
            CLICKS, LinkClicked.getClassSchema(),
            SALES, SaleEvent.getClassSchema(),
            COMMISSIONS, CommissionEvent.getClassSchema(),
            PAYMENT_CALLBACKS, PaymentCallbackReceived.getClassSchema(),
            PAYMENTS, PaymentEvent.getClassSchema(),
            NOTIFICATIONS, NotificationSent.getClassSchema(),
            ACCESS_TOKENS, AccessTokenEvent.getClassSchema());

    public static final List<String> ALL =
            List.of(ORDERS, CLICKS, SALES, COMMISSIONS, PAYMENT_CALLBACKS, PAYMENTS, NOTIFICATIONS, ACCESS_TOKENS);

    /** Topics that keep only the latest value per key (cleanup.policy=compact); the others are deleted by age. */
    public static final List<String> COMPACTED = List.of(ACCESS_TOKENS);

    private Topics() {
    }

    /** The dead-letter topic of a topic. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** The registry subject of a topic's values (Confluent's TopicNameStrategy). */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }
}
