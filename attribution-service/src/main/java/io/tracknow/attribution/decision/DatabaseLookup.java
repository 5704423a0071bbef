package io.tracknow.attribution.decision;

import io.tracknow.attribution.chain.IdentifierLookup;
import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.attribution.links.MerchantSettings;
import io.tracknow.attribution.links.TrackingLinks;
import java.time.Duration;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The chain's identifiers, read from this service's database, always within one merchant. */
@Component
class DatabaseLookup implements IdentifierLookup {

    private final InfluencerDirectory influencers;
    private final TrackingLinks links;
    private final MerchantSettings settings;
    private final DatabaseClient db;
    private final Duration defaultWindow;

    DatabaseLookup(InfluencerDirectory influencers, TrackingLinks links, MerchantSettings settings, DatabaseClient db,
                   AttributionProperties properties) {
        this.influencers = influencers;
        this.links = links;
        this.settings = settings;
        this.db = db;
        this.defaultWindow = properties.attributionWindow();
    }

    @Override
    public Mono<String> byCreatorId(String merchantId, String creatorId) {
        return influencers.byCreatorId(merchantId, creatorId);
    }

    @Override
    public Mono<String> byPromoCode(String merchantId, String code) {
        return influencers.byPromoCode(merchantId, code);
    }

    @Override
    public Mono<String> byShortCode(String merchantId, String shortCode) {
        return links.influencerOf(merchantId, shortCode);
    }

    @Override
    public Flux<String> byCampaign(String merchantId, String campaign) {
        return influencers.byCampaign(merchantId, campaign);
    }

    @Override
    public Mono<RecordedClick> click(String merchantId, String clickId) {
        Mono<Duration> window = settings.find(merchantId)
                .mapNotNull(MerchantSettings.Settings::attributionWindow)
                .defaultIfEmpty(defaultWindow);
        return db.sql("SELECT influencer_id, short_code, clicked_at FROM clicks WHERE merchant_id = :merchant"
                        + " AND lower(click_id) = lower(:click)")
                .bind("merchant", merchantId).bind("click", clickId)
                .map(row -> new Object[] {row.get("influencer_id", String.class), row.get("short_code", String.class),
                        row.get("clicked_at", Instant.class)})
                .one()
                .zipWith(window, (row, w) -> new RecordedClick((String) row[0], (String) row[1], (Instant) row[2], w));
    }
}
