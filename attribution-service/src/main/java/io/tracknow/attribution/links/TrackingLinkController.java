package io.tracknow.attribution.links;

import io.tracknow.attribution.access.Invalid;
import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Creates tracking links for a merchant's influencers, to destinations on the merchant's allowed
 * domains only, and manages those domains and the merchant's attribution window (bearer token).
 */
@RestController
class TrackingLinkController {

    private static final int MAX_WINDOW_DAYS = 365;

    private final TrackingLinks links;
    private final MerchantSettings settings;
    private final InfluencerDirectory influencers;
    private final AttributionProperties properties;

    TrackingLinkController(
            TrackingLinks links,
            MerchantSettings settings,
            InfluencerDirectory influencers,
            AttributionProperties properties) {
        this.links = links;
        this.settings = settings;
        this.influencers = influencers;
        this.properties = properties;
    }

    record NewLink(String merchantId, String influencerId, String destinationUrl) {}

    record TrackingSettings(List<String> allowedDomains, Integer attributionWindowDays) {}

    @PostMapping("/api/tracking-links")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> create(Caller caller, @RequestBody NewLink body) {
        String merchantId = Invalid.identifier(body.merchantId(), "merchantId", 1, 100);
        caller.requireMerchant(merchantId);
        String influencerId = Invalid.identifier(body.influencerId(), "influencerId", 1, 100);
        String destination = Invalid.required(body.destinationUrl(), "destinationUrl", 2000);
        return influencers
                .find(influencerId)
                .filter(i -> i.merchantId().equals(merchantId))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(
                        "unknown-influencer", "merchant " + merchantId + " has no influencer " + influencerId)))
                .then(settings.find(merchantId)
                        .map(MerchantSettings.Settings::allowedDomains)
                        .defaultIfEmpty(List.of()))
                .flatMap(domains -> {
                    DestinationPolicy.refusal(destination, domains).ifPresent(reason -> {
                        throw new ApiProblem(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "destination-not-allowed",
                                "Destination not allowed",
                                reason);
                    });
                    return links.create(merchantId, influencerId, destination);
                })
                .map(link -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("shortCode", link.shortCode());
                    view.put(
                            "trackingUrl", properties.publicBaseUrl().replaceAll("/+$", "") + "/r/" + link.shortCode());
                    view.put("merchantId", link.merchantId());
                    view.put("influencerId", link.influencerId());
                    view.put("destinationUrl", link.destination());
                    return view;
                });
    }

    @PutMapping("/api/merchants/{merchantId}/tracking-settings")
    Mono<TrackingSettings> save(Caller caller, @PathVariable String merchantId, @RequestBody TrackingSettings body) {
        caller.requireMerchant(merchantId);
        if (body.allowedDomains() == null) {
            throw Invalid.request("allowedDomains is required (a list of host names such as shop.example)");
        }
        List<String> domains = new ArrayList<>();
        for (String domain : body.allowedDomains()) {
            String d = Invalid.required(domain, "allowedDomains[]", 253).toLowerCase(Locale.ROOT);
            if (!DestinationPolicy.isDomain(d)) {
                throw Invalid.request("allowedDomains[] must be bare host names like shop.example, got '" + d + "'");
            }
            domains.add(d);
        }
        Integer days = body.attributionWindowDays();
        if (days != null && (days < 1 || days > MAX_WINDOW_DAYS)) {
            throw Invalid.request("attributionWindowDays must be between 1 and " + MAX_WINDOW_DAYS);
        }
        return settings.save(merchantId, domains, days).thenReturn(new TrackingSettings(domains, days));
    }

    @GetMapping("/api/merchants/{merchantId}/tracking-settings")
    Mono<TrackingSettings> read(Caller caller, @PathVariable String merchantId) {
        caller.requireMerchant(merchantId);
        return settings.find(merchantId)
                .map(s -> new TrackingSettings(
                        s.allowedDomains(),
                        s.attributionWindow() == null
                                ? null
                                : (int) s.attributionWindow().toDays()))
                .defaultIfEmpty(new TrackingSettings(List.of(), null));
    }
}
