package io.tracknow.attribution.decision;

import io.tracknow.attribution.chain.IdentifierLookup;
import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.attribution.influencers.InfluencerDirectory;
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
    private final DatabaseClient db;
    private final Duration defaultWindow;

    DatabaseLookup(
            InfluencerDirectory influencers, TrackingLinks links, DatabaseClient db, AttributionProperties properties) {
        this.influencers = influencers;
        this.links = links;
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

    /**
     * The click and the merchant's window in one query. Click ids are lower-case UUIDs (ClickRecorder),
     * so comparing the column itself with the lower-cased hint keeps the match case-insensitive and
     * lets the primary key serve it; {@code lower(click_id)} would scan the whole clicks table. One
     * query also means nothing is cancelled in flight when there is no such click (a zip with a
     * separate settings query cancelled it, which can leave a pooled R2DBC connection stuck).
     */
    @Override
    public Mono<RecordedClick> click(String merchantId, String clickId) {
        return db.sql("SELECT c.influencer_id, c.short_code, c.clicked_at, s.attribution_window_days FROM clicks c"
                        + " LEFT JOIN merchant_tracking_settings s ON s.merchant_id = c.merchant_id"
                        + " WHERE c.click_id = lower(:click) AND c.merchant_id = :merchant")
                .bind("merchant", merchantId)
                .bind("click", clickId)
                .map(row -> {
                    Integer days = row.get("attribution_window_days", Integer.class);
                    return new RecordedClick(
                            row.get("influencer_id", String.class),
                            row.get("short_code", String.class),
                            row.get("clicked_at", Instant.class),
                            days == null ? defaultWindow : Duration.ofDays(days));
                })
                .one();
    }
}
