package io.tracknow.gateway.oversize;

import io.tracknow.gateway.intake.WebhookMetrics;
import io.tracknow.gateway.payments.PaymentSource;
import io.tracknow.gateway.webhooklog.LogEntry;
import io.tracknow.gateway.webhooklog.WebhookLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Files a webhook refused by the HTTP codec for headers over the server's limit (431, answered before any
 * route runs) in the webhook log and the metrics like every other refusal, under the source and merchant its
 * path names ({@code /webhooks/{shop}/{merchantId}}, {@code /webhooks/payments/{provider}/{merchantId}}).
 * Its headers were never parsed, so the entry has none, and no body digest: nothing was read.
 */
@Component
public class OversizedRequests {

    private static final Logger log = LoggerFactory.getLogger(OversizedRequests.class);
    /** The shop routes' path segment and the source each stands for (the controllers' mappings). */
    private static final Map<String, String> SHOP_SOURCES = Map.of(
            "tiktok", "TIKTOK_SHOP", "shopify", "SHOPIFY", "woocommerce", "WOOCOMMERCE");

    private final Map<String, String> paymentSources;
    private final WebhookLog webhookLog;
    private final WebhookMetrics metrics;
    private final Clock clock;

    public OversizedRequests(List<PaymentSource> payments, WebhookLog webhookLog, WebhookMetrics metrics, Clock clock) {
        this.paymentSources = payments.stream().collect(Collectors.toUnmodifiableMap(PaymentSource::provider, PaymentSource::name));
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
        LogEntry.Builder entry = LogEntry.builder(clock.instant(), webhook.source(), webhook.merchant(), HttpHeaders.EMPTY);
        entry.outcome("REJECTED", type, status, Duration.ZERO);
        metrics.record(webhook.source(), "REJECTED", type, Duration.ZERO);
        log.info("rejected {} webhook for merchant {}: {} (header block over the server's limit)", webhook.source(),
                webhook.merchant(), type);
        webhookLog.record(entry.build()).subscribe(null, e -> log.warn("could not log the {} refusal of a {} webhook for"
                + " merchant {}: {}", type, webhook.source(), webhook.merchant(), e.toString()));
    }

    private record Webhook(String source, String merchant) {
    }

    private Webhook webhook(String uri) {
        List<String> path;
        try {
            path = UriComponentsBuilder.fromUriString(uri).build().getPathSegments();
        } catch (IllegalArgumentException unparsable) {
            return null;
        }
        if (path.size() == 3 && path.get(0).equals("webhooks") && SHOP_SOURCES.containsKey(path.get(1))) {
            return new Webhook(SHOP_SOURCES.get(path.get(1)), path.get(2));
        }
        if (path.size() == 4 && path.get(0).equals("webhooks") && path.get(1).equals("payments")
                && paymentSources.containsKey(path.get(2))) {
            return new Webhook(paymentSources.get(path.get(2)), path.get(3));
        }
        return null;
    }
}
