package io.tracknow.attribution.links;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Per merchant: the domains its links may send buyers to, and its own attribution window if it set one. */
@Repository
public class MerchantSettings {

    private final DatabaseClient db;

    public MerchantSettings(DatabaseClient db) {
        this.db = db;
    }

    public record Settings(List<String> allowedDomains, Duration attributionWindow) {}

    public Mono<Settings> find(String merchantId) {
        return db.sql("SELECT allowed_domains, attribution_window_days FROM merchant_tracking_settings"
                        + " WHERE merchant_id = :merchant")
                .bind("merchant", merchantId)
                .map(row -> {
                    String[] domains = row.get("allowed_domains", String[].class);
                    Integer days = row.get("attribution_window_days", Integer.class);
                    return new Settings(
                            domains == null ? List.of() : Arrays.asList(domains),
                            days == null ? null : Duration.ofDays(days));
                })
                .one();
    }

    public Mono<Void> save(String merchantId, List<String> allowedDomains, Integer windowDays) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("INSERT INTO merchant_tracking_settings (merchant_id,"
                        + " allowed_domains, attribution_window_days) VALUES (:merchant, :domains, :days)"
                        + " ON CONFLICT (merchant_id) DO UPDATE SET allowed_domains = EXCLUDED.allowed_domains,"
                        + " attribution_window_days = EXCLUDED.attribution_window_days")
                .bind("merchant", merchantId)
                .bind("domains", allowedDomains.toArray(String[]::new));
        spec = windowDays == null ? spec.bindNull("days", Integer.class) : spec.bind("days", windowDays);
        return spec.fetch().rowsUpdated().then();
    }
}
