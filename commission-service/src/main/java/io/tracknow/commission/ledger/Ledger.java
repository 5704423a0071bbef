package io.tracknow.commission.ledger;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The journal in PostgreSQL: entries are only appended (triggers refuse updates and deletes, a deferred
 * trigger refuses an entry that does not sum to zero per currency at commit). Every balance is a sum
 * of postings; nothing else is consulted.
 */
@Repository
public class Ledger {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;

    public Ledger(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Appends the entry and its postings (numbered from 1 in the entry's order) in the caller's
     * transaction, with one statement; an entry without postings is not written.
     */
    public Mono<Void> append(JournalEntry entry) {
        if (entry.isEmpty()) {
            return Mono.empty();
        }
        Insert insert = inserting(List.of(entry), null);
        return insert.bind(db.sql("WITH " + insert.ctes() + " SELECT count(*) AS n FROM ledger_entry"))
                .fetch()
                .rowsUpdated()
                .then();
    }

    /**
     * The insert of entries as two common table expressions ({@code ledger_entry}, {@code ledger_entry_postings})
     * for a caller's statement that writes something else in the same round trip, with the binder of
     * their parameters (named {@code ledger_*}). The entries are inserted in the list's order (their
     * {@code seq}), each with its postings numbered from 1. With a guard, an entry is written only when its
     * commission is among the ids the caller's expression of that name returns (e.g. the commissions it
     * has just inserted).
     *
     * @param entries entries with postings
     * @param guard   the name of one of the caller's common table expressions returning commission ids
     *                ({@code id}), or null to write them all
     */
    public Insert inserting(List<JournalEntry> entries, String guard) {
        ArrayNode entryRows = JSON.createArrayNode();
        ArrayNode postingRows = JSON.createArrayNode();
        for (int e = 0; e < entries.size(); e++) {
            JournalEntry entry = entries.get(e);
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("journal entry " + entry.id() + " has no postings");
            }
            ObjectNode row = entryRows.addObject();
            row.put("ord", e);
            row.put("id", entry.id().toString());
            row.put("kind", entry.kind().name());
            row.put("reason", entry.reason());
            row.put(
                    "commission_id",
                    entry.commissionId() == null ? null : entry.commissionId().toString());
            row.put("payment_id", entry.paymentId());
            row.put("occurred_at", entry.occurredAt().toString());
            List<Posting> postings = entry.postings();
            for (int i = 0; i < postings.size(); i++) {
                Posting p = postings.get(i);
                ObjectNode posting = postingRows.addObject();
                posting.put("entry_id", entry.id().toString());
                posting.put("line", i + 1);
                posting.put("account", p.account().name());
                posting.put("owner", p.ownerId());
                posting.put("currency", p.amount().currency().getCurrencyCode());
                posting.put("amount", p.amount().minor());
            }
        }
        // the postings take their entry's id from the entries' own insert, so none is written without its entry
        String ctes = "ledger_entry AS (INSERT INTO ledger_entries (id, kind, reason, commission_id, payment_id,"
                + " occurred_at) SELECT e.id, e.kind, e.reason, e.commission_id, e.payment_id, e.occurred_at"
                + " FROM jsonb_to_recordset(CAST(:ledger_entries AS jsonb)) AS e(ord int, id uuid, kind text,"
                + " reason text, commission_id uuid, payment_id text, occurred_at timestamptz)"
                + (guard == null ? "" : " JOIN " + guard + " ON " + guard + ".id = e.commission_id")
                + " ORDER BY e.ord RETURNING id),"
                + " ledger_entry_postings AS (INSERT INTO ledger_postings (entry_id, line, account, owner_id, currency,"
                + " amount_minor) SELECT p.entry_id, p.line, p.account, p.owner, p.currency, p.amount"
                + " FROM jsonb_to_recordset(CAST(:ledger_postings AS jsonb)) AS p(entry_id uuid, line int,"
                + " account text, owner text, currency text, amount bigint)"
                + " JOIN ledger_entry ON ledger_entry.id = p.entry_id)";
        Json entriesJson = Json.of(entryRows.toString());
        Json postingsJson = Json.of(postingRows.toString());
        return new Insert(ctes, spec -> spec.bind("ledger_entries", entriesJson).bind("ledger_postings", postingsJson));
    }

    /**
     * An entry's insert to put in a caller's statement: {@code "WITH " + ctes() + ...}, then {@link #bind}.
     *
     * @param ctes   the two common table expressions, comma-separated, without WITH
     * @param binder binds their parameters on the caller's statement
     */
    public record Insert(String ctes, UnaryOperator<DatabaseClient.GenericExecuteSpec> binder) {

        public DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
            return binder.apply(spec);
        }
    }

    /** True when this payment (payout or collection) is already on the ledger (a payment moves money once). */
    public Mono<Boolean> hasPayment(String paymentId) {
        return db.sql("SELECT count(*) AS n FROM ledger_entries WHERE kind IN ('PAYOUT', 'COLLECTION')"
                        + " AND payment_id = :payment")
                .bind("payment", paymentId)
                .map(row -> ((Number) row.get("n")).longValue() > 0)
                .one();
    }

    /**
     * Serializes the payouts of one influencer in one currency until the caller's transaction ends, so
     * that two payouts cannot both spend the same available balance.
     */
    public Mono<Void> lockPayouts(String influencerId, String currency) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))::text AS locked")
                .bind("key", "commission-payout|" + influencerId + "|" + currency)
                .fetch()
                .all()
                .then();
    }

    /** The balance of one of an owner's accounts in one currency, as shown (see {@link Account#shown}). */
    public Mono<Long> shownBalance(Account account, String ownerId, String currency) {
        return db.sql("SELECT coalesce(sum(amount_minor), 0) AS total FROM ledger_postings"
                        + " WHERE owner_id = :owner AND account = :account AND currency = :currency")
                .bind("owner", ownerId)
                .bind("account", account.name())
                .bind("currency", currency)
                .map(row -> account.shown(((Number) row.get("total")).longValue()))
                .one();
    }

    /** Signed sums per currency and account of an owner's accounts among {@code accounts}. */
    public Mono<Map<String, Map<Account, Long>>> sums(String ownerId, List<Account> accounts) {
        return db.sql("SELECT currency, account, sum(amount_minor) AS total FROM ledger_postings"
                        + " WHERE owner_id = :owner AND account = ANY(:accounts) GROUP BY currency, account"
                        + " ORDER BY currency")
                .bind("owner", ownerId)
                .bind("accounts", accounts.stream().map(Enum::name).toArray(String[]::new))
                .map(row -> new Object[] {
                    row.get("currency", String.class),
                    Account.valueOf(row.get("account", String.class)),
                    ((Number) row.get("total")).longValue()
                })
                .all()
                .collect(
                        LinkedHashMap::new,
                        (Map<String, Map<Account, Long>> map, Object[] r) -> map.computeIfAbsent(
                                        (String) r[0], c -> new LinkedHashMap<>())
                                .put((Account) r[1], (Long) r[2]));
    }

    /** An owner's entries on {@code accounts}, oldest first, with the sale each came from. */
    public Flux<StatementLine> statement(String ownerId, List<Account> accounts) {
        return db.sql("SELECT e.id, e.seq, e.kind, e.reason, e.occurred_at, e.commission_id, e.payment_id,"
                        + " c.merchant_id, c.source, c.external_order_id, c.sale_total_minor,"
                        + " p.account, p.currency, p.amount_minor FROM ledger_postings p"
                        + " JOIN ledger_entries e ON e.id = p.entry_id"
                        + " LEFT JOIN commissions c ON c.id = e.commission_id"
                        + " WHERE p.owner_id = :owner AND p.account = ANY(:accounts) ORDER BY e.seq, p.line")
                .bind("owner", ownerId)
                .bind("accounts", accounts.stream().map(Enum::name).toArray(String[]::new))
                .map(Ledger::readLine)
                .all()
                .bufferUntilChanged(Row::entryId)
                .map(Ledger::toLine);
    }

    private record Row(
            UUID entryId,
            String kind,
            String reason,
            Instant occurredAt,
            UUID commissionId,
            String paymentId,
            StatementLine.Sale sale,
            Account account,
            String currency,
            long amount) {}

    private static Row readLine(Readable row) {
        String merchant = row.get("merchant_id", String.class);
        StatementLine.Sale sale = merchant == null
                ? null
                : new StatementLine.Sale(
                        merchant,
                        row.get("source", String.class),
                        row.get("external_order_id", String.class),
                        row.get("sale_total_minor", Long.class));
        return new Row(
                row.get("id", UUID.class),
                row.get("kind", String.class),
                row.get("reason", String.class),
                row.get("occurred_at", Instant.class),
                row.get("commission_id", UUID.class),
                row.get("payment_id", String.class),
                sale,
                Account.valueOf(row.get("account", String.class)),
                row.get("currency", String.class),
                row.get("amount_minor", Long.class));
    }

    private static StatementLine toLine(List<Row> rows) {
        Row first = rows.getFirst();
        List<StatementLine.Movement> movements = new ArrayList<>();
        rows.forEach(r -> movements.add(new StatementLine.Movement(
                r.account(), r.currency(), r.amount(), r.account().shown(r.amount()))));
        return new StatementLine(
                first.entryId(),
                first.kind(),
                first.reason(),
                first.occurredAt(),
                first.commissionId(),
                first.paymentId(),
                first.sale(),
                movements);
    }
}
