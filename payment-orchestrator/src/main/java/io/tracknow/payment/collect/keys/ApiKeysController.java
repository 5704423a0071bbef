package io.tracknow.payment.collect.keys;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The operator issues, lists and revokes client platforms' payments API keys (operator token only; anyone
 * else gets the 404 of a route with nothing for them). The key and its webhook secret are in the 201 only.
 */
@RestController
class ApiKeysController {

    private static final String CLIENT_ID = "[A-Za-z0-9._-]{1,100}";

    private final ApiKeys keys;

    ApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    /** @param mode "sandbox" or "live" */
    record KeyRequest(String mode) {}

    @PostMapping("/api/payment-clients/{clientId}/keys")
    Mono<ResponseEntity<IssuedKey>> issue(
            Caller caller, @PathVariable String clientId, @RequestBody KeyRequest request) {
        caller.requireOperator();
        checkClientId(clientId);
        Mode mode = mode(request);
        return keys.issue(clientId, mode)
                .map(issued -> ResponseEntity.status(HttpStatus.CREATED).body(issued));
    }

    @GetMapping("/api/payment-clients/{clientId}/keys")
    Mono<List<IssuedKey>> list(Caller caller, @PathVariable String clientId) {
        caller.requireOperator();
        checkClientId(clientId);
        return keys.ofClient(clientId).collectList();
    }

    @DeleteMapping("/api/payment-clients/{clientId}/keys/{keyId}")
    Mono<ResponseEntity<Void>> revoke(Caller caller, @PathVariable String clientId, @PathVariable String keyId) {
        caller.requireOperator();
        return keys.revoke(clientId, keyId).map(found -> {
            if (!found) {
                throw ApiProblem.notFound("unknown-key", "client " + clientId + " has no key " + keyId);
            }
            return ResponseEntity.noContent().build();
        });
    }

    private static void checkClientId(String clientId) {
        if (!clientId.matches(CLIENT_ID)) {
            throw invalid("a client id is 1 to 100 letters, digits, '.', '_' or '-'");
        }
    }

    private static Mode mode(KeyRequest request) {
        if (request == null || request.mode() == null) {
            throw invalid("mode is required: \"sandbox\" or \"live\"");
        }
        return switch (request.mode()) {
            case "sandbox" -> Mode.SANDBOX;
            case "live" -> Mode.LIVE;
            default -> throw invalid("mode must be \"sandbox\" or \"live\", not \"" + request.mode() + "\"");
        };
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }
}
