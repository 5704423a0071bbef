package io.tracknow.notification.dispatch;

import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * A channel that delivers outside this service (e-mail, webhooks, SMS/WhatsApp). The notifier asks it
 * whether the influencer can be reached there; the delivery worker has it send, one attempt at a time,
 * inside the transaction that records the outcome.
 */
public interface DeliveryChannel {

    Channel channel();

    /** The address to deliver to (e-mail address, webhook URL), or empty when the influencer has none on this channel. */
    Mono<Optional<String>> recipient(Contact contact);

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
