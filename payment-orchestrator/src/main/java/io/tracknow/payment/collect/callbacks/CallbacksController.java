package io.tracknow.payment.collect.callbacks;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The operator sees callbacks (failed ones first of all) with the receivers' answers, and re-sends one. */
@RestController
class CallbacksController {

    private static final Set<String> STATES = Set.of("pending", "delivered", "failed");

    private final Callbacks callbacks;

    CallbacksController(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    @GetMapping("/api/payment-callbacks")
    Mono<List<CallbackRecord>> inState(
            Caller caller,
            @RequestParam(defaultValue = "failed") String state,
            @RequestParam(defaultValue = "100") int limit) {
        caller.requireOperator();
        if (!STATES.contains(state) || limit < 1 || limit > 1000) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-request",
                    "Invalid request",
                    "state is pending, delivered or failed; limit 1 to 1000");
        }
        return callbacks.inState(state, limit).collectList();
    }

    @PostMapping("/api/payment-callbacks/{id}/resend")
    Mono<ResponseEntity<Void>> resend(Caller caller, @PathVariable long id) {
        caller.requireOperator();
        return callbacks.resend(id).map(found -> {
            if (!found) {
                throw ApiProblem.notFound("unknown-callback", "no callback " + id);
            }
            return ResponseEntity.accepted().build();
        });
    }
}
