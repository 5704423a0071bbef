package io.tracknow.gateway.oversize;

import io.tracknow.gateway.intake.WebhookMetrics;
import io.tracknow.gateway.intake.WebhookSources;
import io.tracknow.gateway.webhooklog.LogEntry;
import io.tracknow.gateway.webhooklog.WebhookLog;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Files a webhook refused by the HTTP codec for headers over the server's limit (431, answered before any
 * route runs) in the webhook log and the metrics like every other refusal, under the source and merchant its
 * path names, resolved by {@link WebhookSources} like the webhook route itself.
 * Its headers were never parsed, so the entry has none, and no body digest: nothing was read.
 */
@Component
public class OversizedRequests {

    private static final Logger log = LoggerFactory.getLogger(OversizedRequests.class);

    private final WebhookSources sources;
    private final WebhookLog webhookLog;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public OversizedRequests(WebhookSources sources, WebhookLog webhookLog, WebhookMetrics metrics, Clock clock) {
        this.sources = sources;
        this.webhookLog = webhookLog;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A request to {@code uri} was answered {@code status} with problem {@code type} by the codec; logged if it was a webhook. */
    public void refused(String uri, int status, String type) {
        Webhook webhook = webhook(uri);
        if (webhook == null) {
            return; // not a webhook route: Reactor Netty's own WARN line is all there is
        }
        LogEntry.Builder entry =
                LogEntry.builder(clock.instant(), webhook.source(), webhook.merchant(), HttpHeaders.EMPTY);
        entry.outcome("REJECTED", type, status, Duration.ZERO);
        metrics.record(webhook.source(), "REJECTED", type, Duration.ZERO);
        log.info(
                "rejected {} webhook for merchant {}: {} (header block over the server's limit)",
                webhook.source(),
                webhook.merchant(),
                type);
        webhookLog
                .record(entry.build())
                .subscribe(
                        null,
                        e -> log.warn(
                                "could not log the {} refusal of a {} webhook for" + " merchant {}: {}",
                                type,
                                webhook.source(),
                                webhook.merchant(),
                                e.toString()));
    }

    private record Webhook(String source, String merchant) {}

    private Webhook webhook(String uri) {
        return sources.targetOfUri(uri)
                .map(target -> new Webhook(target.source().name(), target.merchantId()))
                .orElse(null);
    }
}
