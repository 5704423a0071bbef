package io.tracknow.payment.debits;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The manual gateway's invoices: one per manual debit, paid when an operator marks it so. */
@Repository
class Invoices {

    record Invoice(
            UUID id,
            String merchantId,
            long amountMinor,
            String currency,
            String period,
            Instant issuedAt,
            Instant paidAt,
            String paidBy,
            String reference) {}

    private final DatabaseClient db;

    Invoices(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> issue(UUID debitId, String merchantId, long amountMinor, String currency, String period, Instant at) {
        return db.sql("INSERT INTO invoices (id, merchant_id, amount_minor, currency, period, issued_at)"
                        + " VALUES (:id, :merchant, :amount, :currency, :period, :at) ON CONFLICT DO NOTHING")
                .bind("id", debitId)
                .bind("merchant", merchantId)
                .bind("amount", amountMinor)
                .bind("currency", currency)
                .bind("period", period)
                .bind("at", at)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Marks an unpaid invoice paid; empty when there is no such unpaid invoice. */
    Mono<Long> markPaid(UUID id, Instant at, String actor, String reference) {
        return db.sql("UPDATE invoices SET paid_at = :at, paid_by = :actor, reference = :reference"
                        + " WHERE id = :id AND paid_at IS NULL")
                .bind("id", id)
                .bind("at", at)
                .bind("actor", actor)
                .bind(
                        "reference",
                        reference == null ? org.springframework.r2dbc.core.Parameter.empty(String.class) : reference)
                .fetch()
                .rowsUpdated();
    }

    Flux<Invoice> of(String merchantId) {
        return db.sql("SELECT * FROM invoices WHERE merchant_id = :merchant ORDER BY issued_at DESC LIMIT 200")
                .bind("merchant", merchantId)
                .map(row -> new Invoice(
                        row.get("id", UUID.class),
                        row.get("merchant_id", String.class),
                        row.get("amount_minor", Long.class),
                        row.get("currency", String.class).trim(),
                        row.get("period", String.class),
                        row.get("issued_at", Instant.class),
                        row.get("paid_at", Instant.class),
                        row.get("paid_by", String.class),
                        row.get("reference", String.class)))
                .all();
    }
}
