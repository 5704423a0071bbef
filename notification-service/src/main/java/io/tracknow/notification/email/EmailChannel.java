package io.tracknow.notification.email;

import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import io.tracknow.notification.dispatch.Attempt;
import io.tracknow.notification.dispatch.Delivery;
import io.tracknow.notification.dispatch.DeliveryChannel;
import io.tracknow.notification.templates.EmailContent;
import io.tracknow.notification.templates.MessageRenderer;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * E-mail over SMTP: one multipart message (plain text and HTML of the same content) per notification,
 * with the notification id as its Message-ID so that a resend after a crash can be recognised. An SMTP
 * server that is down or answers a temporary error is retried; an address the server refuses for good
 * (or one that does not parse) fails at once.
 */
@Component
public class EmailChannel implements DeliveryChannel {

    private final JavaMailSender mail;
    private final MessageRenderer renderer;
    private final NotificationProperties properties;

    public EmailChannel(JavaMailSender mail, MessageRenderer renderer, NotificationProperties properties) {
        this.mail = mail;
        this.renderer = renderer;
        this.properties = properties;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Mono<Map<String, String>> recipients(Collection<Contact> contacts) {
        Map<String, String> addresses = new HashMap<>();
        contacts.stream()
                .filter(contact -> contact.email() != null)
                .forEach(contact -> addresses.put(contact.influencerId(), contact.email()));
        return Mono.just(addresses);
    }

    @Override
    public int maxAttempts() {
        return properties.email().maxAttempts();
    }

    @Override
    public boolean heldByQuietHours() {
        return true;
    }

    @Override
    public Mono<Attempt> send(Delivery delivery) {
        EmailContent content = renderer.email(delivery.language(), delivery.title(), delivery.body());
        return send(delivery.recipient(), content, "<" + delivery.id() + "@notifications.tracknow.io>");
    }

    /** Sends one e-mail on a worker thread (JavaMail blocks) and classifies the outcome. */
    public Mono<Attempt> send(String to, EmailContent content, String messageId) {
        return Mono.fromCallable(() -> {
                    try {
                        MimeMessage message = mail.createMimeMessage();
                        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
                        helper.setFrom(properties.email().from());
                        helper.setTo(to);
                        helper.setSubject(content.subject());
                        helper.setText(content.text(), content.html());
                        // JavaMailSenderImpl keeps a Message-ID that is set before sending
                        message.setHeader("Message-ID", messageId);
                        mail.send(message);
                        return Attempt.delivered();
                    } catch (AddressException | MailParseException | MailPreparationException e) {
                        return Attempt.failed("invalid e-mail address or message: " + e.getMessage());
                    } catch (MailSendException e) {
                        return refusedRecipient(e)
                                ? Attempt.failed("the SMTP server refused the address " + to + ": " + e.getMessage())
                                : Attempt.retry("SMTP: " + e.getMessage());
                    } catch (MailException e) {
                        return Attempt.retry("SMTP: " + e.getMessage());
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** True when the server answered that the recipient does not exist or is not accepted (5xx on RCPT TO). */
    private static boolean refusedRecipient(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SendFailedException sendFailed
                        && sendFailed.getInvalidAddresses() != null
                        && sendFailed.getInvalidAddresses().length > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
