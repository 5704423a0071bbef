package io.tracknow.payment.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** payment_id is unique per client; Idempotency-Key replays the first answer (Stripe's semantics). */
class IdempotencyTest extends CollectApiTestBase {

    @Test
    void theSamePaymentIdWithTheSameRequestGetsTheFirstAnswer() throws Exception {
        String[] key = newKey("sandbox");
        String paymentId = newPaymentId();
        HttpResponse<String> first = initiate(key[0], body(paymentId, "5.0", "EUR", callbackUrl("/cb")));
        // the same request written differently: other spacing, key order and number notation
        String same = """
                {"callback_url": "%s", "metadata": {"user_id": 123.0, "plan_upgrade": true, "team_id": "team_abc123",
                 "description": "Upgrade to Pro plan"}, "payment_method": "mobile_money", "currency": "EUR",
                 "amount": 5.00, "payment_id": "%s"}""".formatted(callbackUrl("/cb"), paymentId);
        HttpResponse<String> second = initiate(key[0], same);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(count("SELECT count(*) FROM collect_payments WHERE client_payment_id = '" + paymentId + "'"))
                .isEqualTo(1);
    }

    @Test
    void theSamePaymentIdWithAnotherRequestIs409AndChangesNothing() throws Exception {
        String[] key = newKey("sandbox");
        String paymentId = newPaymentId();
        String first = JSON.readTree(initiate(key[0], body(paymentId, "5.0", "EUR", callbackUrl("/cb")))
                        .body())
                .path("external_payment_id")
                .asString();
        for (String other : List.of(
                body(paymentId, "6.0", "EUR", callbackUrl("/cb")),
                body(paymentId, "5.0", "USD", callbackUrl("/cb")),
                body(paymentId, "5.0", "EUR", callbackUrl("/other")))) {
            HttpResponse<String> conflict = initiate(key[0], other);
            assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
            assertThat(problemType(conflict)).endsWith("/payment-id-conflict");
        }
        assertThat(count("SELECT count(*) FROM collect_payments WHERE client_payment_id = '" + paymentId + "'"))
                .isEqualTo(1);
        assertThat(statusOf(key[0], first)).isEqualTo("pending");
        // another client may use the same payment_id: it is unique per client
        assertThat(initiate(newKey("sandbox")[0], body(paymentId, "6.0", "EUR", callbackUrl("/cb")))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void concurrentDuplicatesCreateOnePayment() throws Exception {
        String[] key = newKey("sandbox");
        String paymentId = newPaymentId();
        String request = body(paymentId, "5.0", "EUR", callbackUrl("/cb"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> calls = IntStream.range(0, 8)
                    .<Callable<HttpResponse<String>>>mapToObj(i -> () -> initiate(key[0], request))
                    .toList();
            List<String> ids = new java.util.ArrayList<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                HttpResponse<String> response = f.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                ids.add(JSON.readTree(response.body())
                        .path("external_payment_id")
                        .asString());
            }
            assertThat(ids).hasSize(8).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM collect_payments WHERE client_payment_id = '" + paymentId + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM collect_audit a JOIN collect_payments p USING (external_payment_id)"
                        + " WHERE p.client_payment_id = '" + paymentId + "'"))
                .isEqualTo(1);
    }

    /** Stripe keeps no result for a request that failed validation: the key works for the corrected request. */
    @Test
    void aRequestThatFailedValidationLeavesItsIdempotencyKeyFree() throws Exception {
        String[] key = newKey("sandbox");
        String idem = "idem-" + newPaymentId();
        HttpResponse<String> invalid = send(
                "POST",
                "/api/v1/payments/initiate",
                key[0],
                body(newPaymentId(), "5.001", "EUR", callbackUrl("/cb")),
                idem);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(problemType(invalid)).endsWith("/invalid-request");

        HttpResponse<String> corrected = send(
                "POST",
                "/api/v1/payments/initiate",
                key[0],
                body(newPaymentId(), "5.00", "EUR", callbackUrl("/cb")),
                idem);
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherRequest() throws Exception {
        String[] key = newKey("sandbox");
        String idem = "idem-" + newPaymentId();
        HttpResponse<String> first = send(
                "POST",
                "/api/v1/payments/initiate",
                key[0],
                body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")),
                idem);
        assertThat(first.statusCode()).isEqualTo(201);
        String sameBody = null;
        String id = JSON.readTree(first.body()).path("external_payment_id").asString();
        sameBody = db.sql("SELECT client_payment_id FROM collect_payments WHERE external_payment_id = :id")
                .bind("id", id)
                .map(row -> row.get(0, String.class))
                .one()
                .block();
        HttpResponse<String> replay = send(
                "POST", "/api/v1/payments/initiate", key[0], body(sameBody, "5.0", "EUR", callbackUrl("/cb")), idem);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        HttpResponse<String> reused = send(
                "POST",
                "/api/v1/payments/initiate",
                key[0],
                body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")),
                idem);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(problemType(reused)).endsWith("/idempotency-key-reused");

        // cancel: the first answer, also after the payment changed; a refusal is kept too
        String cancelKey = "cancel-" + newPaymentId();
        HttpResponse<String> cancelled = send("POST", "/api/v1/payments/" + id + "/cancel", key[0], null, cancelKey);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        HttpResponse<String> cancelledAgain =
                send("POST", "/api/v1/payments/" + id + "/cancel", key[0], null, cancelKey);
        assertThat(cancelledAgain.body()).isEqualTo(cancelled.body());
        assertThat(cancelledAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        String completed = initiated(key[0], body(newPaymentId(), "0.01", "EUR", callbackUrl("/cb")))
                .path("external_payment_id")
                .asString();
        String refusedKey = "refused-" + newPaymentId();
        assertThat(send("POST", "/api/v1/payments/" + completed + "/cancel", key[0], null, refusedKey)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> refusedAgain =
                send("POST", "/api/v1/payments/" + completed + "/cancel", key[0], null, refusedKey);
        assertThat(refusedAgain.statusCode()).isEqualTo(400);
        assertThat(problemType(refusedAgain)).endsWith("/payment-not-cancellable");
        assertThat(refusedAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        // keys are the client's own: another client may use the same key for its own request
        String[] other = newKey("sandbox");
        assertThat(send(
                                "POST",
                                "/api/v1/payments/initiate",
                                other[0],
                                body(newPaymentId(), "5.0", "EUR", callbackUrl("/cb")),
                                idem)
                        .statusCode())
                .isEqualTo(201);
    }
}
