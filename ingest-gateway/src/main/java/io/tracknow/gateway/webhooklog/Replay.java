package io.tracknow.gateway.webhooklog;

import io.tracknow.gateway.config.GatewayProperties;
import io.tracknow.gateway.publish.EventPublisher;
import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import io.tracknow.web.ApiProblem;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Re-publishes an accepted delivery's event exactly as it was first published: same topic, same key,
 * same {@code eventId}. The replay is the same fact delivered again, not a new one, so every consumer
 * that already processed it skips it (inbox on eventId) and only a consumer that never committed it
 * (it failed and sent the event to its DLQ, or was reset) processes it now, e.g. after a bug fix.
 * A new eventId would make every consumer apply the order a second time; we never do that.
 */
@Component
public class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final WebhookLog webhookLog;
    private final EventPublisher publisher;
    private final Clock clock;
    private final GatewayProperties properties;

    public Replay(WebhookLog webhookLog, EventPublisher publisher, Clock clock, GatewayProperties properties) {
        this.webhookLog = webhookLog;
        this.publisher = publisher;
        this.clock = clock;
        this.properties = properties;
    }

    public Mono<Map<String, Object>> replay(long id) {
        return webhookLog
                .find(id)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("unknown-log-entry", "no webhook log entry " + id)))
                .flatMap(entry -> {
                    if (!"ACCEPTED".equals(entry.outcome()) || entry.eventAvro() == null) {
                        return Mono.error(new ApiProblem(
                                HttpStatus.CONFLICT,
                                "not-replayable",
                                "Not replayable",
                                "entry " + id + " is " + entry.outcome()
                                        + "; only accepted deliveries carry an event to replay"));
                    }
                    Topic<?> topic = Topics.byName(entry.topic()).orElse(null);
                    if (topic == null) {
                        return Mono.error(new ApiProblem(
                                HttpStatus.CONFLICT,
                                "not-replayable",
                                "Not replayable",
                                "entry " + id + " names topic " + entry.topic()
                                        + ", which is not one of the platform's"));
                    }
                    return publisher
                            .publish(topic, entry.eventKey(), EventCodec.decode(entry.eventSchema(), entry.eventAvro()))
                            .onErrorMap(
                                    e -> !(e instanceof ApiProblem),
                                    e -> ApiProblem.retryLater(
                                            "temporarily-unavailable",
                                            "Try again later",
                                            "Kafka did not acknowledge the replay: " + e,
                                            properties.retryAfter()))
                            .then(webhookLog.markReplayed(id, clock.instant()))
                            .then(Mono.fromSupplier(() -> {
                                log.info(
                                        "replayed webhook log entry {} (event {} to {})",
                                        id,
                                        entry.eventId(),
                                        entry.topic());
                                return Map.<String, Object>of(
                                        "status",
                                        "replayed",
                                        "id",
                                        id,
                                        "eventId",
                                        entry.eventId(),
                                        "topic",
                                        entry.topic(),
                                        "replayCount",
                                        entry.replayCount() + 1);
                            }));
                });
    }
}
