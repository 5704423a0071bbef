package io.tracknow.notification.dispatch;

import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import java.util.Collection;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * A channel that delivers outside this service (e-mail, webhooks, SMS/WhatsApp). The notifier asks it
 * whether the influencer can be reached there; the delivery worker has it send, one attempt at a time,
 * inside the transaction that records the outcome.
 */
public interface DeliveryChannel {

    Channel channel();

    /**
     * Where each of these influencers gets this channel's messages (e-mail address, webhook URL), keyed by
     * influencer id; an influencer with no address on this channel is left out. One read at most, however
     * many influencers.
     */
    Mono<Map<String, String>> recipients(Collection<Contact> contacts);

    /** Most attempts before the notification fails for good. */
    int maxAttempts();

    /** Whether quiet hours hold this channel's messages (e-mail: yes; a webhook is a machine: no). */
    boolean heldByQuietHours();

    Mono<Attempt> send(Delivery delivery);

    /** Called after a webhook attempt's outcome is recorded, in the same transaction; nothing by default. */
    default Mono<Void> afterAttempt(Delivery delivery, Attempt attempt) {
        return Mono.empty();
    }
}
