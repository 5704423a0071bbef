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
import java.util.Optional;

/**
 * The platform's topics, each with the one value type it carries and the one way its keys are made.
 * A topic's schema is registered under the subject {@code <topic>-value}; what a consumer cannot
 * process goes to {@code <topic>.dlq}. The topics and their keys are described for analysts in
 * docs/asyncapi.yaml (checked against this class by a test).
 */
public final class Topics {

    /** An order as the shop reported it. Key: the order (merchant, source, order id): an order's events stay in order. */
    public static final Topic<OrderReported> ORDERS = Topic.events(
            "orders.v1",
            OrderReported.class,
            OrderReported.getClassSchema(),
            order -> orderKey(order.getMerchantId(), String.valueOf(order.getSource()), order.getExternalOrderId()));

    /** A tracking-link click. Key: the link's short code. */
    public static final Topic<LinkClicked> CLICKS =
            Topic.events("clicks.v1", LinkClicked.class, LinkClicked.getClassSchema(), LinkClicked::getShortCode);

    /** What attribution decided about an order. Key: the order, as on orders.v1. */
    public static final Topic<SaleEvent> SALES = Topic.events(
            "sales.v1",
            SaleEvent.class,
            SaleEvent.getClassSchema(),
            sale -> orderKey(sale.getMerchantId(), String.valueOf(sale.getSource()), sale.getExternalOrderId()));

    /** The life of one commission. Key: the influencer, so one influencer's balance moves in order. */
    public static final Topic<CommissionEvent> COMMISSIONS = Topic.events(
            "commissions.v1",
            CommissionEvent.class,
            CommissionEvent.getClassSchema(),
            CommissionEvent::getInfluencerId);

    /** A payment provider's verified callback. Key: provider|external payment id. */
    public static final Topic<PaymentCallbackReceived> PAYMENT_CALLBACKS = Topic.events(
            "payment-callbacks.v1",
            PaymentCallbackReceived.class,
            PaymentCallbackReceived.getClassSchema(),
            callback -> callback.getProvider() + "|" + callback.getExternalPaymentId());

    /** Merchant debits, influencer payouts and client platforms' collections (the payments API). Key: the payment id. */
    public static final Topic<PaymentEvent> PAYMENTS =
            Topic.events("payments.v1", PaymentEvent.class, PaymentEvent.getClassSchema(), PaymentEvent::getPaymentId);

    /** A notification's outcome. Key: the influencer. */
    public static final Topic<NotificationSent> NOTIFICATIONS = Topic.events(
            "notifications.v1",
            NotificationSent.class,
            NotificationSent.getClassSchema(),
            NotificationSent::getInfluencerId);

    /** Compacted: the latest event per token id is the token's state. Key: the token id. */
    public static final Topic<AccessTokenEvent> ACCESS_TOKENS = Topic.table(
            "access-tokens.v1",
            AccessTokenEvent.class,
            AccessTokenEvent.getClassSchema(),
            AccessTokenEvent::getTokenId);

    public static final List<Topic<?>> ALL =
            List.of(ORDERS, CLICKS, SALES, COMMISSIONS, PAYMENT_CALLBACKS, PAYMENTS, NOTIFICATIONS, ACCESS_TOKENS);

    private Topics() {}

    /** The topic of this name, if it is one of the platform's. */
    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    /** The names of all topics, in the order of {@link #ALL}. */
    public static List<String> names() {
        return ALL.stream().map(Topic::name).toList();
    }

    /** The dead-letter topic of a topic. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** The registry subject of a topic's values (Confluent's TopicNameStrategy). */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** The key of every event about one order, on orders.v1 and sales.v1 alike. */
    private static String orderKey(String merchantId, String source, String externalOrderId) {
        return merchantId + "|" + source + "|" + externalOrderId;
    }
}
