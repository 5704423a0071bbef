package io.tracknow.notification.webhooks;

import io.netty.channel.ChannelOption;
import io.tracknow.notification.config.NotificationProperties;
import io.tracknow.notification.contacts.Channel;
import io.tracknow.notification.contacts.Contact;
import io.tracknow.notification.contacts.NotificationType;
import io.tracknow.notification.dispatch.Attempt;
import io.tracknow.notification.dispatch.Cause;
import io.tracknow.notification.dispatch.Delivery;
import io.tracknow.notification.dispatch.DeliveryChannel;
import io.tracknow.notification.dispatch.DeliveryLog;
import io.tracknow.notification.dispatch.DeliveryLog.Outcome;
import io.tracknow.notification.dispatch.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Signed webhooks to the URL an influencer registered (Standard Webhooks headers, see
 * {@link WebhookSignature}; the notification id is the {@code webhook-id}, so a receiver can drop a
 * resend). A 2xx is delivered; anything else, a timeout or a refused connection is retried with backoff.
 * A URL that now resolves to a private address fails at once and is never called. After
 * {@code disable-after-failures} failed attempts in a row the endpoint is disabled, its waiting messages
 * fail, and the influencer is told why, in the app and by e-mail.
 */
@Component
public class WebhookChannel implements DeliveryChannel {

    private final WebhookEndpoints endpoints;
    private final UrlGuard guard;
    private final WebClient http;
    private final DatabaseClient db;
    private final DeliveryLog log;
    private final ObjectProvider<Notifier> notifier;
    private final Clock clock;
    private final NotificationProperties properties;

    public WebhookChannel(
            WebhookEndpoints endpoints,
            UrlGuard guard,
            DatabaseClient db,
            DeliveryLog log,
            ObjectProvider<Notifier> notifier,
            Clock clock,
            NotificationProperties properties) {
        this.endpoints = endpoints;
        this.guard = guard;
        // a new connection per attempt (a receiver that timed out may still answer on a pooled one, and we
        // post to many hosts once in a while), names resolved only through the address check (it connects to
        // no address it has not checked: DNS rebinding), no redirects (a 3xx could point past the address
        // check), bounded connect and answer times
        this.http = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())
                        .resolver(new CheckedAddressResolverGroup(guard))
                        .followRedirect(false)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                                properties.webhook().timeout().toMillis())
                        .responseTimeout(properties.webhook().timeout())))
                .build();
        this.db = db;
        this.log = log;
        this.notifier = notifier;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public Mono<Map<String, String>> recipients(Collection<Contact> contacts) {
        return endpoints.activeUrls(contacts.stream().map(Contact::influencerId).collect(Collectors.toSet()));
    }

    @Override
    public int maxAttempts() {
        return properties.webhook().maxAttempts();
    }

    @Override
    public boolean heldByQuietHours() {
        return false;
    }

    @Override
    public Mono<Attempt> send(Delivery delivery) {
        return endpoints
                .find(delivery.influencerId())
                .filter(Endpoint::active)
                .flatMap(endpoint -> post(endpoint, delivery))
                .defaultIfEmpty(Attempt.failed("the webhook endpoint was disabled or removed"));
    }

    private Mono<Attempt> post(Endpoint endpoint, Delivery delivery) {
        Optional<String> refused = guard.refusal(endpoint.url());
        if (refused.isPresent()) {
            return Mono.just(Attempt.failed("refused to call " + endpoint.url() + ": " + refused.get()));
        }
        String id = "msg_" + delivery.id();
        long timestamp = clock.instant().getEpochSecond();
        return http.post()
                .uri(endpoint.url())
                .contentType(MediaType.APPLICATION_JSON)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header(
                        "webhook-signature",
                        WebhookSignature.sign(endpoint.secret(), id, timestamp, delivery.payload()))
                .bodyValue(delivery.payload())
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(
                                response.statusCode().is2xxSuccessful()
                                        ? Attempt.delivered()
                                        : Attempt.retry(
                                                "HTTP " + response.statusCode().value())))
                .timeout(properties.webhook().timeout())
                .onErrorResume(e -> Mono.just(refusal(e)
                        .map(why -> Attempt.failed("refused to call " + endpoint.url() + ": " + why))
                        .orElseGet(() -> Attempt.retry(
                                e instanceof TimeoutException
                                        ? "no answer within "
                                                + properties.webhook().timeout()
                                        : String.valueOf(e.getMessage())))));
    }

    /** The address check's refusal, when the connection failed because the name now resolves to a forbidden address. */
    private static Optional<String> refusal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof UrlGuard.Refused refused) {
                return Optional.of(refused.getMessage());
            }
        }
        return Optional.empty();
    }

    @Override
    public Mono<Void> afterAttempt(Delivery delivery, Attempt attempt) {
        if (attempt.kind() == Attempt.Kind.DELIVERED) {
            return endpoints.succeeded(delivery.influencerId());
        }
        return endpoints
                .failed(delivery.influencerId())
                .flatMap(failures -> failures >= properties.webhook().disableAfterFailures()
                        ? disable(delivery.influencerId(), failures, attempt.error())
                        : Mono.empty());
    }

    private Mono<Void> disable(String influencerId, int failures, String reason) {
        return endpoints
                .find(influencerId)
                .flatMap(endpoint -> endpoints
                        .disable(influencerId, reason)
                        .flatMap(at -> failWaiting(influencerId).then(tell(endpoint, failures, reason, at))));
    }

    /** Every webhook message still waiting for this influencer fails: there is nowhere to send it now. */
    private Mono<Void> failWaiting(String influencerId) {
        String error = "the webhook endpoint was disabled after repeated failures";
        return db.sql(
                        "UPDATE notifications SET status = 'FAILED', finished_at = :at, next_attempt_at = NULL, last_error = :error"
                                + " WHERE influencer_id = :id AND channel = 'WEBHOOK' AND status = 'PENDING'"
                                + " RETURNING id, event_type, cause_event_id, attempts, payload, created_at")
                .bind("at", clock.instant())
                .bind("error", error)
                .bind("id", influencerId)
                .map(row -> new Delivery(
                        row.get("id", UUID.class),
                        influencerId,
                        Channel.WEBHOOK,
                        row.get("event_type", String.class),
                        null,
                        null,
                        null,
                        null,
                        row.get("payload", String.class),
                        row.get("attempts", Integer.class),
                        row.get("cause_event_id", String.class),
                        row.get("created_at", Instant.class)))
                .all()
                .concatMap(waiting -> log.record(waiting, waiting.attempts(), Outcome.FAILED, error))
                .then();
    }

    private Mono<Void> tell(Endpoint endpoint, int failures, String reason, Instant at) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("url", endpoint.url());
        facts.put("failures", failures);
        facts.put("reason", reason);
        return notifier.getObject()
                .notify(new Cause(
                        "webhook-disabled:" + endpoint.influencerId() + ":" + at.toEpochMilli(),
                        endpoint.influencerId(),
                        NotificationType.WEBHOOK_DISABLED,
                        at,
                        facts));
    }
}
