package io.tracknow.payment.journal;

import io.r2dbc.spi.Readable;
import io.tracknow.events.payments.PaymentEvent;
import io.tracknow.events.payments.PaymentKind;
import io.tracknow.messaging.outbox.Outbox;
import io.tracknow.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The journal of payments with providers. Every state change is one guarded UPDATE (it applies only
 * from a state that may lead to the new one, so a duplicate or late callback changes nothing), one row
 * of history and one {@code payments.v1} event in the outbox, all in one database transaction.
 */
@Repository
public class Journal {

    private static final String COLUMNS = "id, kind, merchant_id, influencer_id, gateway, external_id, idempotency_key,"
            + " period, amount_minor, currency, fees_minor, net_minor, status, failure_reason, redirect_url, request_payload,"
            + " response_payload, commission_ids, initiated_at, updated_at, completed_at";

    /** What a state change may also record: the provider's id, fees, the reason, the masked payloads. */
    public record Details(
            String externalId,
            Long feesMinor,
            String failureReason,
            String redirectUrl,
            String requestPayload,
            String responsePayload) {
        public static final Details NONE = new Details(null, null, null, null, null, null);

        public static Details reason(String reason) {
            return new Details(null, null, reason, null, null, null);
        }
    }

    private final DatabaseClient db;
    private final Outbox outbox;
    private final Clock clock;
    private final TransactionalOperator transaction;

    public Journal(DatabaseClient db, Outbox outbox, Clock clock, ReactiveTransactionManager transactions) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.transaction = TransactionalOperator.create(transactions);
    }

    /**
     * Records a payment as pending (and publishes it as INITIATED), or gives the one already recorded
     * under the same idempotency key.
     *
     * @return the payment and whether this call created it
     */
    public Mono<Opened> open(NewTransaction fresh, String actor) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Mono<Opened> work = db.sql("INSERT INTO gateway_transactions (id, kind, merchant_id, influencer_id, gateway,"
                        + " idempotency_key, period, amount_minor, currency, status, commission_ids, initiated_at, updated_at)"
                        + " VALUES (:id, :kind, :merchant, :influencer, :gateway, :key, :period, :amount, :currency, 'pending',"
                        + " :commissions, :now, :now) ON CONFLICT (idempotency_key) DO NOTHING")
                .bind("id", id)
                .bind("kind", fresh.kind().name())
                .bind("merchant", nullable(fresh.merchantId()))
                .bind("influencer", nullable(fresh.influencerId()))
                .bind("gateway", fresh.gateway())
                .bind("key", fresh.idempotencyKey())
                .bind("period", nullable(fresh.period()))
                .bind("amount", fresh.amountMinor())
                .bind("currency", fresh.currency())
                .bind("commissions", fresh.commissionIds().toArray(String[]::new))
                .bind("now", now)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 0
                        ? byKey(fresh.idempotencyKey()).map(existing -> new Opened(existing, false))
                        : find(id).flatMap(created ->
                                changed(created, null, actor).thenReturn(new Opened(created, true))));
        return transaction.transactional(work);
    }

    public record Opened(Transaction transaction, boolean created) {}

    /**
     * Moves a payment to {@code target} if its current state may lead there; otherwise nothing changes and
     * the result is empty (a duplicate callback, a payment already settled). Moving to the state it is
     * already in records the details without an event.
     */
    public Mono<Transaction> move(UUID id, TransactionStatus target, Details details, String actor) {
        Instant now = clock.instant();
        List<String> from = TransactionStatus.into(target).stream()
                .map(TransactionStatus::db)
                .toList();
        Mono<Transaction> work = find(id).flatMap(before -> {
            boolean same = before.status() == target;
            if (!same && !before.status().next().contains(target)) {
                return Mono.empty();
            }
            return db.sql("UPDATE gateway_transactions SET status = :target, updated_at = :now,"
                            + " external_id = COALESCE(:externalId, external_id), fees_minor = COALESCE(:fees, fees_minor),"
                            + " net_minor = CASE WHEN :target = 'completed' THEN amount_minor - COALESCE(:fees, fees_minor) ELSE net_minor END,"
                            + " failure_reason = COALESCE(:reason, failure_reason), redirect_url = COALESCE(:redirect, redirect_url),"
                            + " request_payload = COALESCE(:request, request_payload), response_payload = COALESCE(:response, response_payload),"
                            + " completed_at = CASE WHEN :target = 'completed' THEN :now ELSE completed_at END"
                            + " WHERE id = :id AND status = ANY(:from)")
                    .bind("target", target.db())
                    .bind("now", now)
                    .bind("id", id)
                    .bind("from", same ? new String[] {target.db()} : from.toArray(String[]::new))
                    .bind("externalId", nullable(details.externalId()))
                    .bind("fees", nullableLong(details.feesMinor()))
                    .bind("reason", nullable(details.failureReason()))
                    .bind("redirect", nullable(details.redirectUrl()))
                    .bind("request", nullable(details.requestPayload()))
                    .bind("response", nullable(details.responsePayload()))
                    .fetch()
                    .rowsUpdated()
                    .flatMap(updated -> updated == 0
                            ? Mono.<Transaction>empty()
                            : find(id).flatMap(after -> same
                                    ? Mono.just(after)
                                    : changed(after, before.status(), actor).thenReturn(after)));
        });
        return transaction.transactional(work);
    }

    public Mono<Transaction> find(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM gateway_transactions WHERE id = :id")
                .bind("id", id)
                .map(Journal::transaction)
                .all()
                .singleOrEmpty();
    }

    public Mono<Transaction> byKey(String idempotencyKey) {
        return db.sql("SELECT " + COLUMNS + " FROM gateway_transactions WHERE idempotency_key = :key")
                .bind("key", idempotencyKey)
                .map(Journal::transaction)
                .all()
                .singleOrEmpty();
    }

    /** The payment a provider knows by {@code externalId} (or by our id, for providers keyed on it). */
    public Mono<Transaction> byExternalId(String gateway, String externalId) {
        UUID ours = parse(externalId);
        return db.sql("SELECT " + COLUMNS + " FROM gateway_transactions WHERE gateway = :gateway"
                        + " AND (external_id = :external OR id = :ours) ORDER BY initiated_at LIMIT 1")
                .bind("gateway", gateway)
                .bind("external", externalId)
                .bind("ours", ours == null ? new UUID(0, 0) : ours)
                .map(Journal::transaction)
                .all()
                .singleOrEmpty();
    }

    /** Payments of an owner, newest first. */
    public Flux<Transaction> of(PaymentKind kind, String owner, int limit) {
        String column = kind == PaymentKind.MERCHANT_DEBIT ? "merchant_id" : "influencer_id";
        return db.sql("SELECT " + COLUMNS + " FROM gateway_transactions WHERE kind = :kind AND " + column + " = :owner"
                        + " ORDER BY initiated_at DESC LIMIT :limit")
                .bind("kind", kind.name())
                .bind("owner", owner)
                .bind("limit", limit)
                .map(Journal::transaction)
                .all();
    }

    /** Payments still open (pending or processing) since before {@code before}, oldest first. */
    public Flux<Transaction> openSince(Instant before, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM gateway_transactions WHERE status IN ('pending', 'processing')"
                        + " AND updated_at < :before ORDER BY updated_at LIMIT :limit")
                .bind("before", before)
                .bind("limit", limit)
                .map(Journal::transaction)
                .all();
    }

    /** The history of a payment: each state it went through, oldest first. */
    public Flux<String> history(UUID id) {
        return db.sql("SELECT to_status FROM gateway_transaction_changes WHERE transaction_id = :id ORDER BY id")
                .bind("id", id)
                .map(row -> row.get("to_status", String.class))
                .all();
    }

    /**
     * Tells the platform that a payout was not made (payments.v1 INFLUENCER_PAYOUT SKIPPED, e.g. "no payout
     * account"), for the notification service; no payment is recorded. Its payment id is derived from the
     * idempotency key, so telling it again names the same payout.
     */
    public Mono<Void> skipped(
            String influencerId,
            String currency,
            long amountMinor,
            List<String> commissionIds,
            String idempotencyKey,
            String period,
            String reason) {
        UUID id = UUID.nameUUIDFromBytes(idempotencyKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Instant now = clock.instant();
        Transaction skipped = new Transaction(
                id,
                PaymentKind.INFLUENCER_PAYOUT,
                null,
                influencerId,
                "none",
                null,
                idempotencyKey,
                period,
                amountMinor,
                currency,
                0,
                null,
                TransactionStatus.FAILED,
                reason,
                null,
                null,
                null,
                commissionIds,
                now,
                now,
                null);
        PaymentEvent event = PaymentEvents.of(skipped, now);
        event.setStatus(io.tracknow.events.payments.PaymentStatus.SKIPPED);
        return outbox.add(Topics.PAYMENTS, event);
    }

    private Mono<Void> changed(Transaction after, TransactionStatus from, String actor) {
        return db.sql(
                        "INSERT INTO gateway_transaction_changes (transaction_id, from_status, to_status, reason, actor, changed_at)"
                                + " VALUES (:id, :from, :to, :reason, :actor, :at)")
                .bind("id", after.id())
                .bind("from", nullable(from == null ? null : from.db()))
                .bind("to", after.status().db())
                .bind("reason", nullable(after.failureReason()))
                .bind("actor", actor)
                .bind("at", after.updatedAt())
                .fetch()
                .rowsUpdated()
                .then(outbox.add(Topics.PAYMENTS, PaymentEvents.of(after, after.updatedAt())));
    }

    private static Transaction transaction(Readable row) {
        String[] commissions = row.get("commission_ids", String[].class);
        return new Transaction(
                row.get("id", UUID.class),
                PaymentKind.valueOf(row.get("kind", String.class)),
                row.get("merchant_id", String.class),
                row.get("influencer_id", String.class),
                row.get("gateway", String.class),
                row.get("external_id", String.class),
                row.get("idempotency_key", String.class),
                row.get("period", String.class),
                row.get("amount_minor", Long.class),
                row.get("currency", String.class).trim(),
                row.get("fees_minor", Long.class),
                row.get("net_minor", Long.class),
                TransactionStatus.ofDb(row.get("status", String.class)),
                row.get("failure_reason", String.class),
                row.get("redirect_url", String.class),
                row.get("request_payload", String.class),
                row.get("response_payload", String.class),
                commissions == null ? List.of() : Arrays.asList(commissions),
                row.get("initiated_at", Instant.class),
                row.get("updated_at", Instant.class),
                row.get("completed_at", Instant.class));
    }

    private static Object nullable(String value) {
        return value == null ? org.springframework.r2dbc.core.Parameter.empty(String.class) : value;
    }

    private static Object nullableLong(Long value) {
        return value == null ? org.springframework.r2dbc.core.Parameter.empty(Long.class) : value;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException notOurs) {
            return null;
        }
    }
}
