package io.tracknow.gateway.intake;

import org.apache.avro.specific.SpecificRecord;

/** What a verified delivery turns into: an event to publish once, or an acknowledgement with nothing to publish. */
public sealed interface Normalised {

    /**
     * @param dedupeKey the source's id of this delivery (or a natural key) under which a repeat is a duplicate
     * @param eventId   the event's own id, the one consumers deduplicate on
     */
    record Publish(String dedupeKey, String topic, String key, String eventId, SpecificRecord event) implements Normalised {
    }

    /** A delivery that is valid but carries no event (WooCommerce's creation ping): 200, nothing published. */
    record Acknowledge(String status) implements Normalised {
    }

    /** Already accepted under its early dedupe key: 200 duplicate, nothing published. */
    record Duplicate() implements Normalised {
    }
}
