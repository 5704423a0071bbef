package io.tracknow.gateway.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code tracknow.webhooks} counts deliveries by source, outcome and rejection reason;
 * {@code tracknow.webhooks.latency} times them (with a percentile histogram) by source and outcome.
 */
@Component
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String source, String outcome, String reason, Duration latency) {
        String outcomeTag = outcome.toLowerCase(Locale.ROOT);
        Counter.builder("tracknow.webhooks")
                .description("webhook deliveries by source, outcome and reason")
                .tags("source", source, "outcome", outcomeTag, "reason", reason == null ? "none" : reason)
                .register(registry)
                .increment();
        Timer.builder("tracknow.webhooks.latency")
                .description("time from request to answer")
                .tags("source", source, "outcome", outcomeTag)
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }
}
