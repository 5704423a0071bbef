package io.tracknow.payment.collect.payments;

import io.tracknow.payment.collect.keys.ApiClient;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The stored payments of the payments API; every read names the client, so no client reads another's. */
@Repository
public class CollectPayments {

    private final DatabaseClient db;

    public CollectPayments(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Stores a new pending payment unless the client already has one with this payment_id. Two concurrent
     * inserts of the same payment_id meet at the unique constraint: the second waits for the first to commit
     * and inserts nothing.
     *
     * @return true when this call stored it
     */
    Mono<Boolean> insertIfNew(CollectPayment p, Instant dueAt, String dueStatus) {
        DatabaseClient.GenericExecuteSpec insert = db.sql(
                        "INSERT INTO collect_payments (external_payment_id, client_id, mode,"
                                + " key_id, client_payment_id, request_sha256, amount_minor, currency, payment_method, callback_url,"
                                + " client_metadata, provider, status, initiate_response, created_at, updated_at, expires_at, due_at,"
                                + " due_status) VALUES (:id, :client, :mode, :key, :clientPaymentId, :sha, :amount, :currency, :method,"
                                + " :callback, :metadata, :provider, :status, :response, :at, :at, :expires, :dueAt, :dueStatus)"
                                + " ON CONFLICT ON CONSTRAINT collect_payments_once_per_client DO NOTHING")
                .bind("id", p.externalPaymentId())
                .bind("client", p.clientId())
                .bind("mode", p.mode().wire())
                .bind("key", p.keyId())
                .bind("clientPaymentId", p.clientPaymentId())
                .bind("sha", p.requestSha256())
                .bind("amount", p.amountMinor())
                .bind("currency", p.currency())
                .bind("method", p.paymentMethod())
                .bind("callback", p.callbackUrl())
                .bind("metadata", p.clientMetadata())
                .bind("provider", p.provider())
                .bind("status", p.status().wire())
                .bind("response", p.initiateResponse())
                .bind("at", p.createdAt())
                .bind("expires", p.expiresAt());
        insert = dueAt == null ? insert.bindNull("dueAt", Instant.class) : insert.bind("dueAt", dueAt);
        insert = dueStatus == null ? insert.bindNull("dueStatus", String.class) : insert.bind("dueStatus", dueStatus);
        return insert.fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<CollectPayment> byClientPaymentId(ApiClient client, String clientPaymentId) {
        return db.sql(
                        "SELECT * FROM collect_payments WHERE client_id = :client AND mode = :mode AND client_payment_id = :id")
                .bind("client", client.clientId())
                .bind("mode", client.mode().wire())
                .bind("id", clientPaymentId)
                .map(CollectPayment::of)
                .one();
    }

    /** The client's payment, or empty when it does not exist or is another client's (or the other mode's). */
    public Mono<CollectPayment> ofClient(ApiClient client, String externalPaymentId) {
        return db.sql(
                        "SELECT * FROM collect_payments WHERE external_payment_id = :id AND client_id = :client AND mode = :mode")
                .bind("id", externalPaymentId)
                .bind("client", client.clientId())
                .bind("mode", client.mode().wire())
                .map(CollectPayment::of)
                .one();
    }

    /** Any payment, for the payment page (whose id is the secret) and the operator. */
    public Mono<CollectPayment> byId(String externalPaymentId) {
        return db.sql("SELECT * FROM collect_payments WHERE external_payment_id = :id")
                .bind("id", externalPaymentId)
                .map(CollectPayment::of)
                .one();
    }

    /** The row, locked until the end of the caller's transaction, so two changes of one payment never interleave. */
    Mono<CollectPayment> lock(String externalPaymentId) {
        return db.sql("SELECT * FROM collect_payments WHERE external_payment_id = :id FOR UPDATE")
                .bind("id", externalPaymentId)
                .map(CollectPayment::of)
                .one();
    }

    Mono<Void> apply(String externalPaymentId, Change change, String providerMetadata, Instant at) {
        DatabaseClient.GenericExecuteSpec update = db.sql(
                        "UPDATE collect_payments SET status = :status, updated_at = :at,"
                                + " transaction_id = coalesce(:txn, transaction_id),"
                                + " provider_reference = coalesce(:ref, provider_reference),"
                                + " provider_metadata = coalesce(:meta, provider_metadata), reason = coalesce(:reason, reason),"
                                + " completed_at = CASE WHEN :status = 'completed' THEN :at ELSE completed_at END,"
                                + " cancelled_at = CASE WHEN :status = 'cancelled' THEN :at ELSE cancelled_at END,"
                                + " failed_at = CASE WHEN :status = 'failed' THEN :at ELSE failed_at END,"
                                + " due_at = CASE WHEN :status IN ('completed', 'cancelled', 'failed') THEN NULL ELSE due_at END"
                                + " WHERE external_payment_id = :id")
                .bind("status", change.to().wire())
                .bind("at", at)
                .bind("id", externalPaymentId);
        update = bindOrNull(update, "txn", change.transactionId());
        update = bindOrNull(update, "ref", change.providerReference());
        update = bindOrNull(update, "meta", providerMetadata);
        update = bindOrNull(update, "reason", change.reason());
        return update.fetch().rowsUpdated().then();
    }

    /** The answer that initiate gives (and replays) once the collector has started the payment. */
    Mono<Void> setInitiateResponse(String externalPaymentId, String json) {
        return db.sql("UPDATE collect_payments SET initiate_response = :json WHERE external_payment_id = :id")
                .bind("json", json)
                .bind("id", externalPaymentId)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /**
     * The live payment a provider's callback names: by the provider's reference or transaction id, or by our id
     * for providers that key the payment on the order id we sent them.
     */
    public Mono<CollectPayment> liveOfProvider(String provider, String reference) {
        return db.sql(
                        "SELECT * FROM collect_payments WHERE mode = 'live' AND provider = :provider"
                                + " AND (provider_reference = :ref OR external_payment_id = :ref OR transaction_id = :ref) LIMIT 1")
                .bind("provider", provider)
                .bind("ref", reference)
                .map(CollectPayment::of)
                .one();
    }

    /** Sandbox payments whose next step is due, locked for this transaction; rows another replica holds are skipped. */
    public Flux<Due> lockDue(Instant now, int limit) {
        return db.sql(
                        "SELECT external_payment_id, due_status FROM collect_payments WHERE due_at <= :now"
                                + " AND status IN ('pending', 'processing') ORDER BY due_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("now", now)
                .bind("limit", limit)
                .map(row -> new Due(
                        row.get("external_payment_id", String.class),
                        PaymentStatus.fromWire(row.get("due_status", String.class))))
                .all();
    }

    /** Sets (or clears, with nulls) a payment's next sandbox step. */
    public Mono<Void> setDue(String externalPaymentId, Instant dueAt, PaymentStatus dueStatus) {
        DatabaseClient.GenericExecuteSpec update = db.sql(
                        "UPDATE collect_payments SET due_at = :at, due_status = :status"
                                + " WHERE external_payment_id = :id")
                .bind("id", externalPaymentId);
        update = dueAt == null ? update.bindNull("at", Instant.class) : update.bind("at", dueAt);
        update = bindOrNull(update, "status", dueStatus == null ? null : dueStatus.wire());
        return update.fetch().rowsUpdated().then();
    }

    Mono<Void> audit(
            String externalPaymentId, Instant at, String actor, PaymentStatus from, PaymentStatus to, String detail) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("INSERT INTO collect_audit (external_payment_id, at, actor,"
                        + " from_status, to_status, detail) VALUES (:id, :at, :actor, :from, :to, :detail)")
                .bind("id", externalPaymentId)
                .bind("at", at)
                .bind("actor", actor)
                .bind("to", to.wire())
                .bind("detail", detail);
        insert = bindOrNull(insert, "from", from == null ? null : from.wire());
        return insert.fetch().rowsUpdated().then();
    }

    public Flux<AuditEntry> auditOf(String externalPaymentId) {
        return db.sql("SELECT * FROM collect_audit WHERE external_payment_id = :id ORDER BY id")
                .bind("id", externalPaymentId)
                .map(row -> new AuditEntry(
                        row.get("at", Instant.class),
                        row.get("actor", String.class),
                        row.get("from_status", String.class),
                        row.get("to_status", String.class),
                        row.get("detail", String.class)))
                .all();
    }

    private static DatabaseClient.GenericExecuteSpec bindOrNull(
            DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    /** A sandbox payment's next step, now due. */
    public record Due(String externalPaymentId, PaymentStatus status) {}

    /** One line of the audit log. */
    public record AuditEntry(Instant at, String actor, String fromStatus, String toStatus, String detail) {}
}
