package io.tracknow.payment.payouts;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Influencers' payout accounts, one per currency, and the operator's holds. */
@Repository
class PayoutAccounts {

    private final DatabaseClient db;

    PayoutAccounts(DatabaseClient db) {
        this.db = db;
    }

    Mono<PayoutAccount> save(PayoutAccount account) {
        return db.sql(
                        "INSERT INTO payout_accounts (influencer_id, currency, method, provider, msisdn, country, iban, holder_name,"
                                + " updated_at) VALUES (:influencer, :currency, :method, :provider, :msisdn, :country, :iban, :holder, :at)"
                                + " ON CONFLICT (influencer_id, currency) DO UPDATE SET method = EXCLUDED.method, provider = EXCLUDED.provider,"
                                + " msisdn = EXCLUDED.msisdn, country = EXCLUDED.country, iban = EXCLUDED.iban,"
                                + " holder_name = EXCLUDED.holder_name, updated_at = EXCLUDED.updated_at")
                .bind("influencer", account.influencerId())
                .bind("currency", account.currency())
                .bind("method", account.method())
                .bind("provider", text(account.provider()))
                .bind("msisdn", text(account.msisdn()))
                .bind("country", text(account.country()))
                .bind("iban", text(account.iban()))
                .bind("holder", account.holderName())
                .bind("at", account.updatedAt())
                .fetch()
                .rowsUpdated()
                .thenReturn(account);
    }

    Mono<PayoutAccount> find(String influencerId, String currency) {
        return db.sql("SELECT * FROM payout_accounts WHERE influencer_id = :influencer AND currency = :currency")
                .bind("influencer", influencerId)
                .bind("currency", currency)
                .map(PayoutAccounts::account)
                .all()
                .singleOrEmpty();
    }

    Flux<PayoutAccount> of(String influencerId) {
        return db.sql("SELECT * FROM payout_accounts WHERE influencer_id = :influencer ORDER BY currency")
                .bind("influencer", influencerId)
                .map(PayoutAccounts::account)
                .all();
    }

    Mono<Boolean> held(String influencerId) {
        return db.sql("SELECT count(*) AS n FROM payout_holds WHERE influencer_id = :influencer")
                .bind("influencer", influencerId)
                .map(row -> row.get("n", Long.class) > 0)
                .one();
    }

    Mono<Void> hold(String influencerId, String reason, Instant at, String actor) {
        return db.sql(
                        "INSERT INTO payout_holds (influencer_id, reason, held_at, held_by) VALUES (:influencer, :reason, :at, :actor)"
                                + " ON CONFLICT (influencer_id) DO UPDATE SET reason = EXCLUDED.reason, held_at = EXCLUDED.held_at,"
                                + " held_by = EXCLUDED.held_by")
                .bind("influencer", influencerId)
                .bind("reason", reason)
                .bind("at", at)
                .bind("actor", actor)
                .fetch()
                .rowsUpdated()
                .then();
    }

    Mono<Long> release(String influencerId) {
        return db.sql("DELETE FROM payout_holds WHERE influencer_id = :influencer")
                .bind("influencer", influencerId)
                .fetch()
                .rowsUpdated();
    }

    private static Object text(String value) {
        return value == null ? Parameter.empty(String.class) : value;
    }

    private static PayoutAccount account(Readable row) {
        String country = row.get("country", String.class);
        return new PayoutAccount(
                row.get("influencer_id", String.class),
                row.get("currency", String.class).trim(),
                row.get("method", String.class),
                row.get("provider", String.class),
                row.get("msisdn", String.class),
                country == null ? null : country.trim(),
                row.get("iban", String.class),
                row.get("holder_name", String.class),
                row.get("updated_at", Instant.class));
    }
}
