package io.tracknow.attribution.decision;

import io.tracknow.attribution.chain.Ask;
import io.tracknow.attribution.chain.IdentifierLookup;
import io.tracknow.attribution.config.AttributionProperties;
import io.tracknow.attribution.influencers.InfluencerDirectory;
import io.tracknow.attribution.links.TrackingLinks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Reads the answers to all these questions with one statement (a UNION of one join per kind of
     * question, each against the values asked of it, with the same matching as the single lookups above:
     * trimmed and lower-cased creator ids, promo codes and campaigns, upper-cased short codes of this
     * merchant, lower-cased click ids). Every part names its columns: which part comes first depends on
     * the questions. A question not asked here is answered by a query of its own.
     */
    @Override
    public Mono<IdentifierLookup> prefetched(String merchantId, Set<Ask> asks) {
        Map<Ask.Kind, List<String>> asked = new EnumMap<>(Ask.Kind.class);
        for (Ask ask : asks) {
            if (ask.value() != null) {
                asked.computeIfAbsent(ask.kind(), kind -> new ArrayList<>()).add(ask.value());
            }
        }
        if (asked.isEmpty()) {
            return Mono.just(this);
        }
        List<String> parts = new ArrayList<>();
        Map<String, String[]> arrays = new HashMap<>();
        String none = ", NULL::text AS short_code, NULL::timestamptz AS clicked_at, NULL::int AS window_days";
        if (asked.containsKey(Ask.Kind.CREATOR_ID)) {
            parts.add("SELECT 'CREATOR_ID' AS kind, a.raw AS asked, c.influencer_id" + none
                    + " FROM unnest(:creatorRaw::text[], :creatorKey::text[]) AS a(raw, k)"
                    + " JOIN creator_accounts c ON c.merchant_id = :merchant AND c.creator_id_lower = a.k");
            put(arrays, "creator", asked.get(Ask.Kind.CREATOR_ID), InfluencerDirectory::normalise);
        }
        if (asked.containsKey(Ask.Kind.PROMO_CODE)) {
            parts.add("SELECT 'PROMO_CODE' AS kind, a.raw AS asked, p.influencer_id" + none
                    + " FROM unnest(:promoRaw::text[], :promoKey::text[]) AS a(raw, k)"
                    + " JOIN promo_codes p ON p.merchant_id = :merchant AND p.code_lower = a.k");
            put(arrays, "promo", asked.get(Ask.Kind.PROMO_CODE), InfluencerDirectory::normalise);
        }
        if (asked.containsKey(Ask.Kind.SHORT_CODE)) {
            parts.add("SELECT 'SHORT_CODE' AS kind, a.raw AS asked, t.influencer_id" + none
                    + " FROM unnest(:shortRaw::text[], :shortKey::text[]) AS a(raw, k)"
                    + " JOIN tracking_links t ON t.short_code = upper(a.k) AND t.merchant_id = :merchant");
            put(arrays, "short", asked.get(Ask.Kind.SHORT_CODE), String::trim);
        }
        if (asked.containsKey(Ask.Kind.CAMPAIGN)) {
            parts.add("SELECT 'CAMPAIGN' AS kind, a.raw AS asked, x.id AS influencer_id" + none
                    + " FROM unnest(:campaignRaw::text[], :campaignKey::text[]) AS a(raw, k)"
                    + " CROSS JOIN LATERAL (SELECT DISTINCT id FROM influencers WHERE merchant_id = :merchant"
                    + " AND lower(utm_campaign) = a.k ORDER BY id LIMIT 2) AS x");
            put(arrays, "campaign", asked.get(Ask.Kind.CAMPAIGN), InfluencerDirectory::normalise);
        }
        if (asked.containsKey(Ask.Kind.CLICK_ID)) {
            parts.add("SELECT 'CLICK_ID' AS kind, a.raw AS asked, c.influencer_id, c.short_code, c.clicked_at,"
                    + " s.attribution_window_days AS window_days FROM unnest(:clickRaw::text[], :clickKey::text[]) AS a(raw, k)"
                    + " JOIN clicks c ON c.click_id = lower(a.k) AND c.merchant_id = :merchant"
                    + " LEFT JOIN merchant_tracking_settings s ON s.merchant_id = c.merchant_id");
            put(arrays, "click", asked.get(Ask.Kind.CLICK_ID), value -> value);
        }
        DatabaseClient.GenericExecuteSpec select =
                db.sql(String.join(" UNION ALL ", parts)).bind("merchant", merchantId);
        for (Map.Entry<String, String[]> array : arrays.entrySet()) {
            select = select.bind(array.getKey(), array.getValue());
        }
        return select.map(row -> {
                    Integer days = row.get("window_days", Integer.class);
                    Ask ask = new Ask(Ask.Kind.valueOf(row.get("kind", String.class)), row.get("asked", String.class));
                    Instant clickedAt = row.get("clicked_at", Instant.class);
                    RecordedClick click = clickedAt == null
                            ? null
                            : new RecordedClick(
                                    row.get("influencer_id", String.class),
                                    row.get("short_code", String.class),
                                    clickedAt,
                                    days == null ? defaultWindow : Duration.ofDays(days));
                    return new Found(ask, row.get("influencer_id", String.class), click);
                })
                .all()
                .collectList()
                .map(found -> new Prefetched(merchantId, Set.copyOf(asks), found, this));
    }

    private static void put(
            Map<String, String[]> arrays,
            String name,
            List<String> values,
            java.util.function.UnaryOperator<String> key) {
        arrays.put(name + "Raw", values.toArray(String[]::new));
        arrays.put(name + "Key", values.stream().map(key).toArray(String[]::new));
    }

    /** One row of the prefetch: the influencer an asked value identifies (and the click, for a click id). */
    private record Found(Ask ask, String influencerId, RecordedClick click) {}

    /** Answers the prefetched questions of one merchant from memory, any other through the database. */
    private static final class Prefetched implements IdentifierLookup {

        private final String merchantId;
        private final Set<Ask> asked;
        private final Map<Ask, List<Found>> found = new HashMap<>();
        private final IdentifierLookup database;

        Prefetched(String merchantId, Set<Ask> asked, List<Found> rows, IdentifierLookup database) {
            this.merchantId = merchantId;
            this.asked = asked;
            this.database = database;
            for (Found row : rows) {
                found.computeIfAbsent(row.ask(), ask -> new ArrayList<>()).add(row);
            }
        }

        /** The rows found for a prefetched question, or null when this question was not prefetched. */
        private List<Found> answer(String merchant, Ask.Kind kind, String value) {
            Ask ask = new Ask(kind, value);
            if (!merchantId.equals(merchant) || value == null || !asked.contains(ask)) {
                return null;
            }
            return found.getOrDefault(ask, List.of());
        }

        @Override
        public Mono<String> byCreatorId(String merchant, String creatorId) {
            List<Found> rows = answer(merchant, Ask.Kind.CREATOR_ID, creatorId);
            return rows == null ? database.byCreatorId(merchant, creatorId) : first(rows);
        }

        @Override
        public Mono<String> byPromoCode(String merchant, String code) {
            List<Found> rows = answer(merchant, Ask.Kind.PROMO_CODE, code);
            return rows == null ? database.byPromoCode(merchant, code) : first(rows);
        }

        @Override
        public Mono<String> byShortCode(String merchant, String shortCode) {
            List<Found> rows = answer(merchant, Ask.Kind.SHORT_CODE, shortCode);
            return rows == null ? database.byShortCode(merchant, shortCode) : first(rows);
        }

        @Override
        public Flux<String> byCampaign(String merchant, String campaign) {
            List<Found> rows = answer(merchant, Ask.Kind.CAMPAIGN, campaign);
            return rows == null
                    ? database.byCampaign(merchant, campaign)
                    : Flux.fromIterable(rows).map(Found::influencerId).sort();
        }

        @Override
        public Mono<RecordedClick> click(String merchant, String clickId) {
            List<Found> rows = answer(merchant, Ask.Kind.CLICK_ID, clickId);
            return rows == null
                    ? database.click(merchant, clickId)
                    : Mono.justOrEmpty(rows.stream().map(Found::click).findFirst());
        }

        private static Mono<String> first(List<Found> rows) {
            return rows.isEmpty() ? Mono.empty() : Mono.just(rows.getFirst().influencerId());
        }
    }
}
