package io.tracknow.gateway.intake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every source the gateway takes webhooks from, by its {@link WebhookSource#route() route}: the one
 * registry behind {@code POST /webhooks/{source}/{merchantId}} (and {@code /webhooks/payments/{provider}/{merchantId}}).
 * A new shop or provider is a new {@link WebhookSource} bean; no controller changes.
 */
@Component
public class WebhookSources {

    private static final String PREFIX = "webhooks";

    private final Map<String, WebhookSource> byRoute;

    public WebhookSources(List<WebhookSource> sources) {
        this.byRoute = sources.stream()
                .collect(Collectors.toMap(
                        WebhookSource::route,
                        Function.identity(),
                        (a, b) -> {
                            throw new IllegalStateException(
                                    "two webhook sources on route " + a.route() + ": " + a.name() + ", " + b.name());
                        },
                        TreeMap::new));
    }

    /** The source posting to {@code /webhooks/<route>/...}, if any. */
    public Optional<WebhookSource> byRoute(String route) {
        return Optional.ofNullable(byRoute.get(route));
    }

    /** The routes served, sorted, for an error message. */
    public List<String> routes() {
        return List.copyOf(byRoute.keySet());
    }

    /** A webhook target: its source and the merchant the path names. */
    public record Target(WebhookSource source, String merchantId) {}

    /**
     * The source and merchant that a request path below {@code /webhooks/} names ({@code tiktok/m-1},
     * {@code payments/cmi/m-1}); empty when no source posts there or no merchant is named.
     */
    public Optional<Target> target(List<String> segments) {
        if (segments.size() < 2 || segments.getLast().isEmpty()) {
            return Optional.empty();
        }
        String route = String.join("/", segments.subList(0, segments.size() - 1));
        return byRoute(route).map(source -> new Target(source, segments.getLast()));
    }

    /** {@link #target(List)} of a whole request URI ({@code /webhooks/tiktok/m-1?x=y}); empty for any other path. */
    public Optional<Target> targetOfUri(String uri) {
        List<String> path;
        try {
            path = UriComponentsBuilder.fromUriString(uri).build().getPathSegments();
        } catch (IllegalArgumentException unparsable) {
            return Optional.empty();
        }
        if (path.isEmpty() || !path.getFirst().equals(PREFIX)) {
            return Optional.empty();
        }
        return target(path.subList(1, path.size()));
    }
}
