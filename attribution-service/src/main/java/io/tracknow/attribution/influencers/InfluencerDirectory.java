package io.tracknow.attribution.influencers;

import java.util.Locale;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The influencers of each merchant and what identifies them: TikTok creator ids and promo codes,
 * each unique per merchant and matched trimmed and case-insensitively.
 */
@Repository
public class InfluencerDirectory {

    private final DatabaseClient db;

    public InfluencerDirectory(DatabaseClient db) {
        this.db = db;
    }

    /** The influencer of this merchant whose TikTok creator id matches (trimmed, case-insensitive). */
    public Mono<String> byCreatorId(String merchantId, String creatorId) {
        if (creatorId == null || creatorId.isBlank()) {
            return Mono.empty();
        }
        return db.sql(
                        "SELECT influencer_id FROM creator_accounts WHERE merchant_id = :merchant AND creator_id_lower = :creator")
                .bind("merchant", merchantId)
                .bind("creator", normalise(creatorId))
                .map(row -> row.get("influencer_id", String.class))
                .one();
    }

    public Mono<String> byPromoCode(String merchantId, String code) {
        return db.sql("SELECT influencer_id FROM promo_codes WHERE merchant_id = :merchant AND code_lower = :code")
                .bind("merchant", merchantId)
                .bind("code", normalise(code))
                .map(row -> row.get("influencer_id", String.class))
                .one();
    }

    /** Distinct influencer ids, at most two (see {@link io.tracknow.attribution.chain.IdentifierLookup#byCampaign}). */
    public Flux<String> byCampaign(String merchantId, String campaign) {
        return db.sql(
                        "SELECT DISTINCT id FROM influencers WHERE merchant_id = :merchant AND lower(utm_campaign) = :campaign"
                                + " ORDER BY id LIMIT 2")
                .bind("merchant", merchantId)
                .bind("campaign", normalise(campaign))
                .map(row -> row.get("id", String.class))
                .all();
    }

    public Mono<Influencer> find(String id) {
        return db.sql("SELECT id, merchant_id, display_name, email_sha256, utm_medium, utm_campaign FROM influencers"
                        + " WHERE id = :id")
                .bind("id", id)
                .map(row -> new Influencer(
                        row.get("id", String.class),
                        row.get("merchant_id", String.class),
                        row.get("display_name", String.class),
                        row.get("email_sha256", String.class),
                        row.get("utm_medium", String.class),
                        row.get("utm_campaign", String.class)))
                .one();
    }

    /** Creates the influencer; false when the id is taken. */
    public Mono<Boolean> create(Influencer i) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO influencers (id, merchant_id, display_name,"
                        + " email_sha256, utm_medium, utm_campaign) VALUES (:id, :merchant, :name, :email, :medium, :campaign)"
                        + " ON CONFLICT (id) DO NOTHING")
                .bind("id", i.id())
                .bind("merchant", i.merchantId())
                .bind("name", i.displayName());
        spec = nullable(spec, "email", i.emailSha256());
        spec = nullable(spec, "medium", i.utmMedium());
        spec = nullable(spec, "campaign", i.utmCampaign());
        return spec.fetch().rowsUpdated().map(n -> n == 1);
    }

    public Mono<Void> addInfluencer(String id, String merchantId, String displayName) {
        return db.sql("INSERT INTO influencers (id, merchant_id, display_name) VALUES (:id, :merchant, :name)"
                        + " ON CONFLICT (id) DO NOTHING")
                .bind("id", id)
                .bind("merchant", merchantId)
                .bind("name", displayName)
                .fetch()
                .rowsUpdated()
                .then();
    }

    public Mono<Void> linkCreatorId(String merchantId, String creatorId, String influencerId) {
        return db.sql("INSERT INTO creator_accounts (merchant_id, creator_id_lower, creator_id, influencer_id)"
                        + " VALUES (:merchant, :lower, :creator, :influencer) ON CONFLICT DO NOTHING")
                .bind("merchant", merchantId)
                .bind("lower", normalise(creatorId))
                .bind("creator", creatorId.trim())
                .bind("influencer", influencerId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    public Mono<Void> unlinkCreatorIds(String influencerId) {
        return db.sql("DELETE FROM creator_accounts WHERE influencer_id = :influencer")
                .bind("influencer", influencerId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    public Flux<String> creatorIds(String influencerId) {
        return db.sql("SELECT creator_id FROM creator_accounts WHERE influencer_id = :influencer ORDER BY creator_id")
                .bind("influencer", influencerId)
                .map(row -> row.get("creator_id", String.class))
                .all();
    }

    /** Registers the code for the influencer; false when the merchant already has this code. */
    public Mono<Boolean> addPromoCode(String merchantId, String code, String influencerId) {
        return db.sql("INSERT INTO promo_codes (merchant_id, code_lower, code, influencer_id)"
                        + " VALUES (:merchant, :lower, :code, :influencer) ON CONFLICT DO NOTHING")
                .bind("merchant", merchantId)
                .bind("lower", normalise(code))
                .bind("code", code.trim())
                .bind("influencer", influencerId)
                .fetch()
                .rowsUpdated()
                .map(n -> n == 1);
    }

    public Flux<String> promoCodes(String influencerId) {
        return db.sql("SELECT code FROM promo_codes WHERE influencer_id = :influencer ORDER BY code")
                .bind("influencer", influencerId)
                .map(row -> row.get("code", String.class))
                .all();
    }

    static DatabaseClient.GenericExecuteSpec nullable(
            DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    public static String normalise(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
