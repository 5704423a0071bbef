package io.tracknow.commission.accrual;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
public class CommissionStore {

    private final DatabaseClient db;

    public CommissionStore(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts the accrual unless the sale already has one; true when inserted. */
    public Mono<Boolean> insertOnce(Commission c) {
        return db.sql("INSERT INTO commissions (id, merchant_id, source, external_order_id, influencer_id, currency,"
                        + " sale_total_minor, influencer_rate_percent, platform_rate_percent, influencer_minor,"
                        + " platform_minor, merchant_net_minor, status, accrued_at, hold_until) VALUES (:id, :merchant,"
                        + " :source, :order, :influencer, :currency, :sale, :influencerRate, :platformRate,"
                        + " :influencerMinor, :platformMinor, :merchantNet, :status, :accruedAt, :holdUntil)"
                        + " ON CONFLICT (merchant_id, source, external_order_id) DO NOTHING")
                .bind("id", c.id()).bind("merchant", c.merchantId()).bind("source", c.source())
                .bind("order", c.externalOrderId()).bind("influencer", c.influencerId()).bind("currency", c.currency())
                .bind("sale", c.saleTotalMinor()).bind("influencerRate", c.influencerRatePercent())
                .bind("platformRate", c.platformRatePercent()).bind("influencerMinor", c.influencerMinor())
                .bind("platformMinor", c.platformMinor()).bind("merchantNet", c.merchantNetMinor())
                .bind("status", c.status()).bind("accruedAt", c.accruedAt()).bind("holdUntil", c.holdUntil())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    public Flux<Commission> forInfluencer(String influencerId) {
        return db.sql("SELECT * FROM commissions WHERE influencer_id = :influencer ORDER BY accrued_at DESC")
                .bind("influencer", influencerId)
                .map(row -> new Commission(row.get("id", UUID.class), row.get("merchant_id", String.class),
                        row.get("source", String.class), row.get("external_order_id", String.class),
                        row.get("influencer_id", String.class), row.get("currency", String.class),
                        row.get("sale_total_minor", Long.class), row.get("influencer_rate_percent", BigDecimal.class),
                        row.get("platform_rate_percent", BigDecimal.class), row.get("influencer_minor", Long.class),
                        row.get("platform_minor", Long.class), row.get("merchant_net_minor", Long.class),
                        row.get("status", String.class), row.get("accrued_at", Instant.class),
                        row.get("hold_until", Instant.class)))
                .all();
    }
}
