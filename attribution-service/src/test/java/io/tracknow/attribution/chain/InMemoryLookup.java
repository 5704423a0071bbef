package io.tracknow.attribution.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Identifiers kept in maps keyed by merchant and lower-cased value, like the database does. */
final class InMemoryLookup implements IdentifierLookup {

    private final Map<String, String> creators = new HashMap<>();
    private final Map<String, String> promos = new HashMap<>();
    private final Map<String, String> shortCodes = new HashMap<>();
    private final Map<String, List<String>> campaigns = new HashMap<>();
    private final Map<String, RecordedClick> clicks = new HashMap<>();

    private static String key(String merchant, String value) {
        return merchant + "|" + value.trim().toLowerCase(Locale.ROOT);
    }

    InMemoryLookup creator(String merchant, String value, String influencer) {
        creators.put(key(merchant, value), influencer);
        return this;
    }

    InMemoryLookup promo(String merchant, String value, String influencer) {
        promos.put(key(merchant, value), influencer);
        return this;
    }

    InMemoryLookup shortCode(String merchant, String value, String influencer) {
        shortCodes.put(key(merchant, value), influencer);
        return this;
    }

    InMemoryLookup campaign(String merchant, String value, String... influencers) {
        campaigns.put(key(merchant, value), List.of(influencers));
        return this;
    }

    InMemoryLookup click(String merchant, String clickId, String influencer, Instant at, Duration window) {
        clicks.put(key(merchant, clickId), new RecordedClick(influencer, "CODE", at, window));
        return this;
    }

    @Override
    public Mono<String> byCreatorId(String merchantId, String creatorId) {
        return Mono.justOrEmpty(creators.get(key(merchantId, creatorId)));
    }

    @Override
    public Mono<String> byPromoCode(String merchantId, String code) {
        return Mono.justOrEmpty(promos.get(key(merchantId, code)));
    }

    @Override
    public Mono<String> byShortCode(String merchantId, String shortCode) {
        return Mono.justOrEmpty(shortCodes.get(key(merchantId, shortCode)));
    }

    @Override
    public Flux<String> byCampaign(String merchantId, String campaign) {
        return Flux.fromIterable(campaigns.getOrDefault(key(merchantId, campaign), List.of()).stream()
                .distinct()
                .limit(2)
                .toList());
    }

    @Override
    public Mono<RecordedClick> click(String merchantId, String clickId) {
        return Mono.justOrEmpty(clicks.get(key(merchantId, clickId)));
    }
}
