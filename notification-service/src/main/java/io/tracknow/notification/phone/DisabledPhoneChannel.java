package io.tracknow.notification.phone;

import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import io.tracknow.notification.dispatch.Attempt;
import io.tracknow.notification.dispatch.Delivery;
import io.tracknow.notification.dispatch.DeliveryChannel;
import java.util.Collection;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * SMS and WhatsApp, not wired to a provider yet: no influencer is reachable there, so nothing is ever
 * written for these channels. A provider (Twilio, Orange SMS, WhatsApp Cloud API) replaces this bean
 * with a {@link DeliveryChannel} of its own that reads the influencer's phone number.
 */
public class DisabledPhoneChannel implements DeliveryChannel {

    private final Channel channel;

    public DisabledPhoneChannel(Channel channel) {
        this.channel = channel;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Mono<Map<String, String>> recipients(Collection<Contact> contacts) {
        return Mono.just(Map.of());
    }

    @Override
    public int maxAttempts() {
        return 1;
    }

    @Override
    public boolean heldByQuietHours() {
        return true;
    }

    @Override
    public Mono<Attempt> send(Delivery delivery) {
        return Mono.just(Attempt.failed(channel + " has no provider configured"));
    }
}
