package io.tracknow.attribution.influencers;

import java.util.Locale;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The influencers of each merchant and what identifies them. */
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
        return db.sql("SELECT influencer_id FROM creator_accounts WHERE merchant_id = :merchant AND creator_id_lower = :creator")
                .bind("merchant", merchantId)
                .bind("creator", normalise(creatorId))
                .map(row -> row.get("influencer_id", String.class))
                .one();
    }

    public Mono<Void> addInfluencer(String id, String merchantId, String displayName) {
        return db.sql("INSERT INTO influencers (id, merchant_id, display_name) VALUES (:id, :merchant, :name)"
                        + " ON CONFLICT (id) DO NOTHING")
                .bind("id", id).bind("merchant", merchantId).bind("name", displayName)
                .fetch().rowsUpdated().then();
    }

    public Mono<Void> linkCreatorId(String merchantId, String creatorId, String influencerId) {
        return db.sql("INSERT INTO creator_accounts (merchant_id, creator_id_lower, creator_id, influencer_id)"
                        + " VALUES (:merchant, :lower, :creator, :influencer) ON CONFLICT DO NOTHING")
                .bind("merchant", merchantId).bind("lower", normalise(creatorId)).bind("creator", creatorId.trim())
                .bind("influencer", influencerId)
                .fetch().rowsUpdated().then();
    }

    static String normalise(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
