package io.tracknow.gateway.intake;

import io.tracknow.events.orders.OrderReported;
import io.tracknow.gateway.publish.EventIds;
import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;

/** What a verified delivery turns into: an event to publish once, or an acknowledgement with nothing to publish. */
public sealed interface Normalised {

    /**
     * @param dedupeKey the source's id of this delivery (or a natural key) under which a repeat is a duplicate
     * @param eventId   the event's own id, the one consumers deduplicate on: {@link EventIds#forDelivery}
     *                  of the delivery's merchant, source and dedupe key, the same on every retry
     */
    record Publish(String dedupeKey, Topic<?> topic, String key, String eventId, SpecificRecord event)
            implements Normalised {

        /** {@code event} to publish on {@code topic}, under the key the topic makes of it. */
        public static <V extends SpecificRecord> Publish of(String dedupeKey, Topic<V> topic, String eventId, V event) {
            return new Publish(dedupeKey, topic, topic.keyOf(event), eventId, event);
        }

        /** An {@code orders.v1} event of this delivery, with the eventId its dedupe key determines. */
        public static Publish order(Delivery delivery, String dedupeKey, OrderReported.Builder order) {
            OrderReported event = order.setEventId(
                            EventIds.forDelivery(delivery.merchantId(), delivery.source(), dedupeKey))
                    .build();
            try {
                event.getOccurredAt()
                        .toEpochMilli(); // Avro timestamp-millis; fail here (400), not in the producer (503)
            } catch (ArithmeticException e) {
                throw new InvalidWebhookException("the order's time " + event.getOccurredAt() + " is out of range");
            }
            return of(dedupeKey, Topics.ORDERS, event.getEventId(), event);
        }
    }

    /** A delivery that is valid but carries no event (WooCommerce's creation ping): 200, nothing published. */
    record Acknowledge(String status) implements Normalised {}

    /** Already accepted under its early dedupe key: 200 duplicate, nothing published. */
    record Duplicate() implements Normalised {}
}
