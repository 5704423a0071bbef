package io.tracknow.payment.collect.payments;

import io.tracknow.payment.collect.keys.ApiClient;
import io.tracknow.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on initiate and cancel, as Stripe documents it: the first request with a key runs
 * and its answer (success or a 4xx refusal of a request that passed validation) is kept for 24 hours; a request with the same key and the same
 * method, path and body gets that answer again (header {@code Idempotent-Replayed: true}); the same key with
 * another request is refused with 400 {@code idempotency-key-reused} (Stripe's {@code idempotency_error}, a 400,
 * https://docs.stripe.com/api/errors), and while the first request is still running a second one gets 409
 * (Stripe: "the request conflicts with another request (perhaps due to using the same idempotent key)"). A 5xx, a 429
 * or a 400 {@code invalid-request} (the request failed validation, nothing ran) is not kept:
 * the request may be retried with the same key. Keys are per client and mode.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    static final Duration KEPT = Duration.ofHours(24);
    private static final String INVALID_REQUEST = "invalid-request";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final Clock clock;

    public IdempotencyKeys(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Runs {@code work} once per key; {@code key} null runs it plainly.
     *
     * @param request what identifies the request: method, path and a digest of its body
     */
    public Mono<Reply> once(ApiClient client, String key, String request, Supplier<Mono<Reply>> work) {
        if (key == null) {
            return Mono.defer(work);
        }
        if (key.isBlank() || key.length() > 255) {
            return Mono.error(new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    HEADER + " must be 1 to 255 characters"));
        }
        String sha = InitiateRequests.sha256(request);
        Instant now = clock.instant();
        return db.sql("DELETE FROM collect_idempotency_keys WHERE client_id = :client AND mode = :mode"
                        + " AND idempotency_key = :key AND created_at < :cutoff")
                .bind("client", client.clientId())
                .bind("mode", client.mode().wire())
                .bind("key", key)
                .bind("cutoff", now.minus(KEPT))
                .fetch()
                .rowsUpdated()
                .then(db.sql(
                                "INSERT INTO collect_idempotency_keys (client_id, mode, idempotency_key, request_sha256, created_at)"
                                        + " VALUES (:client, :mode, :key, :sha, :now) ON CONFLICT DO NOTHING")
                        .bind("client", client.clientId())
                        .bind("mode", client.mode().wire())
                        .bind("key", key)
                        .bind("sha", sha)
                        .bind("now", now)
                        .fetch()
                        .rowsUpdated())
                .flatMap(inserted -> inserted > 0 ? run(client, key, work) : earlier(client, key, sha));
    }

    private Mono<Reply> run(ApiClient client, String key, Supplier<Mono<Reply>> work) {
        return Mono.defer(work)
                .flatMap(reply ->
                        store(client, key, reply.status(), reply.json()).thenReturn(reply))
                .onErrorResume(ApiProblem.class, problem -> {
                    int status = problem.status().value();
                    // a request that failed validation never started executing: nothing is kept, and the key
                    // may be used again with a corrected request (Stripe: "If incoming parameters failed
                    // validation ... no idempotent result is saved")
                    if (status / 100 == 4 && status != 429 && !INVALID_REQUEST.equals(problem.typeName())) {
                        return store(client, key, status, problemJson(problem)).then(Mono.error(problem));
                    }
                    return release(client, key).then(Mono.error(problem));
                })
                .onErrorResume(
                        e -> !(e instanceof ApiProblem),
                        e -> release(client, key).then(Mono.error(e)));
    }

    private Mono<Reply> earlier(ApiClient client, String key, String sha) {
        return db.sql("SELECT request_sha256, response_status, response_body FROM collect_idempotency_keys"
                        + " WHERE client_id = :client AND mode = :mode AND idempotency_key = :key")
                .bind("client", client.clientId())
                .bind("mode", client.mode().wire())
                .bind("key", key)
                .map(row -> new Object[] {
                    row.get("request_sha256", String.class),
                    row.get("response_status", Integer.class),
                    row.get("response_body", String.class)
                })
                .one()
                .switchIfEmpty(Mono.error(() -> inUse(key)))
                .flatMap(row -> {
                    if (!sha.equals(row[0])) {
                        return Mono.error(new ApiProblem(
                                HttpStatus.BAD_REQUEST,
                                "idempotency-key-reused",
                                "Idempotency-Key reused",
                                HEADER + " " + key + " was used for another request"));
                    }
                    if (row[1] == null) {
                        return Mono.error(inUse(key));
                    }
                    String body = (String) row[2];
                    JsonNode stored = JSON.readTree(body);
                    if (stored.has("__problem")) {
                        JsonNode p = stored.get("__problem");
                        return Mono.error(new ApiProblem(
                                HttpStatus.valueOf((Integer) row[1]),
                                p.path("type").asString(),
                                p.path("title").asString(),
                                p.path("detail").asString(),
                                Map.of("Idempotent-Replayed", "true")));
                    }
                    return Mono.just(new Reply((Integer) row[1], body, true));
                });
    }

    private static ApiProblem inUse(String key) {
        return new ApiProblem(
                HttpStatus.CONFLICT,
                "idempotency-key-in-use",
                "Request in progress",
                "a request with " + HEADER + " " + key + " is still being processed; retry later");
    }

    private Mono<Void> store(ApiClient client, String key, int status, String body) {
        return db.sql("UPDATE collect_idempotency_keys SET response_status = :status, response_body = :body"
                        + " WHERE client_id = :client AND mode = :mode AND idempotency_key = :key")
                .bind("status", status)
                .bind("body", body)
                .bind("client", client.clientId())
                .bind("mode", client.mode().wire())
                .bind("key", key)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private Mono<Void> release(ApiClient client, String key) {
        return db.sql("DELETE FROM collect_idempotency_keys WHERE client_id = :client AND mode = :mode"
                        + " AND idempotency_key = :key AND response_status IS NULL")
                .bind("client", client.clientId())
                .bind("mode", client.mode().wire())
                .bind("key", key)
                .fetch()
                .rowsUpdated()
                .then();
    }

    private static String problemJson(ApiProblem problem) {
        return JSON.writeValueAsString(Map.of(
                "__problem",
                Map.of(
                        "type",
                        problem.typeName(),
                        "title",
                        problem.title(),
                        "detail",
                        problem.getMessage() == null ? "" : problem.getMessage())));
    }
}
