package io.tracknow.attribution.links;

import io.tracknow.attribution.influencers.ShortCodeOwners;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Tracking links and their short codes. A code is unique across all merchants (the redirect carries
 * no merchant) by the table's primary key: a new link inserts a random code and, if any link already
 * has it (or the merchant has a promo code spelled the same), tries a fresh code, so concurrent
 * creations can never share a code.
 */
@Repository
public class TrackingLinks implements ShortCodeOwners {

    static final int MAX_ATTEMPTS = 10;

    private final DatabaseClient db;
    private final Supplier<String> codes;

    @Autowired
    public TrackingLinks(DatabaseClient db) {
        this(db, new ShortCodes());
    }

    TrackingLinks(DatabaseClient db, Supplier<String> codes) {
        this.db = db;
        this.codes = codes;
    }

    public record Link(String shortCode, String merchantId, String influencerId, String destination) {}

    /** Creates the link under a new unique short code. */
    public Mono<Link> create(String merchantId, String influencerId, String destination) {
        return attempt(merchantId, influencerId, destination, 1);
    }

    private Mono<Link> attempt(String merchantId, String influencerId, String destination, int attempt) {
        String code = codes.get();
        return db.sql(
                        "INSERT INTO tracking_links (short_code, merchant_id, influencer_id, destination)"
                                + " SELECT :code, :merchant, :influencer, :destination WHERE NOT EXISTS (SELECT 1 FROM promo_codes"
                                + " WHERE merchant_id = :merchant AND code_lower = lower(:code)) ON CONFLICT (short_code) DO NOTHING")
                .bind("code", code)
                .bind("merchant", merchantId)
                .bind("influencer", influencerId)
                .bind("destination", destination)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> {
                    if (inserted == 1) {
                        return Mono.just(new Link(code, merchantId, influencerId, destination));
                    }
                    if (attempt >= MAX_ATTEMPTS) {
                        return Mono.error(
                                new IllegalStateException("no free short code after " + attempt + " attempts"));
                    }
                    return attempt(merchantId, influencerId, destination, attempt + 1);
                });
    }

    /** The link with this short code (trimmed, any case), whichever merchant it belongs to. */
    public Mono<Link> find(String shortCode) {
        return db.sql("SELECT short_code, merchant_id, influencer_id, destination FROM tracking_links"
                        + " WHERE short_code = upper(:code)")
                .bind("code", shortCode.trim())
                .map(row -> new Link(
                        row.get("short_code", String.class),
                        row.get("merchant_id", String.class),
                        row.get("influencer_id", String.class),
                        row.get("destination", String.class)))
                .one();
    }

    @Override
    public Mono<String> influencerOf(String merchantId, String shortCode) {
        return find(shortCode)
                .filter(link -> link.merchantId().equals(merchantId))
                .map(Link::influencerId);
    }
}
