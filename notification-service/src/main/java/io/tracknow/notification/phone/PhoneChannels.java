package io.tracknow.notification.phone;

import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.dispatch.DeliveryChannel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SMS and WhatsApp seam: disabled channels until a provider is chosen. */
@Configuration(proxyBeanMethods = false)
class PhoneChannels {

    @Bean
    DeliveryChannel smsChannel() {
        return new DisabledPhoneChannel(Channel.SMS);
    }

    @Bean
    DeliveryChannel whatsAppChannel() {
        return new DisabledPhoneChannel(Channel.WHATSAPP);
    }
}
