package io.tracknow.payment.collect.live;

import io.tracknow.payment.setup.Gateway;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The operator connects a client platform's live payments to a provider, per payment method (operator token
 * only): {@code PUT /api/payment-clients/{clientId}/providers/{payment_method}} with one flat object, the
 * gateway and its settings as a merchant's set-up names them, e.g. {@code {"gateway": "mtn_momo",
 * "momo_api_user": "...", "momo_target_environment": "mtncameroon", "momo_api_key": "...",
 * "momo_subscription_key": "..."}}. Secrets are never shown back. Refusals are 400
 * {@code invalid-provider-config} and store nothing.
 */
@RestController
class ClientProvidersController {

    private static final String CLIENT_ID = "[A-Za-z0-9._-]{1,100}";
    private static final int MAX_VALUE = 8192;

    private final ClientProviders providers;
    private final Clock clock;

    ClientProvidersController(ClientProviders providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    @PutMapping("/api/payment-clients/{clientId}/providers/{paymentMethod}")
    Mono<Map<String, Object>> put(
            Caller caller,
            @PathVariable String clientId,
            @PathVariable String paymentMethod,
            @RequestBody(required = false) JsonNode body) {
        caller.requireOperator();
        ClientProvider provider = parse(clientId, paymentMethod, body);
        return providers.save(provider).map(ClientProvider::shown);
    }

    @GetMapping("/api/payment-clients/{clientId}/providers")
    Mono<List<Map<String, Object>>> list(Caller caller, @PathVariable String clientId) {
        caller.requireOperator();
        return providers.ofClient(clientId).map(ClientProvider::shown).collectList();
    }

    @DeleteMapping("/api/payment-clients/{clientId}/providers/{paymentMethod}")
    Mono<ResponseEntity<Void>> delete(
            Caller caller, @PathVariable String clientId, @PathVariable String paymentMethod) {
        caller.requireOperator();
        return providers.delete(clientId, paymentMethod).map(found -> {
            if (!found) {
                throw ApiProblem.notFound(
                        "unknown-provider", "client " + clientId + " has no provider for " + paymentMethod);
            }
            return ResponseEntity.noContent().build();
        });
    }

    private ClientProvider parse(String clientId, String paymentMethod, JsonNode body) {
        if (!clientId.matches(CLIENT_ID)) {
            throw invalid("a client id is 1 to 100 letters, digits, '.', '_' or '-'");
        }
        Set<Gateway> allowed = ClientProvider.GATEWAYS.get(paymentMethod);
        if (allowed == null) {
            throw invalid("payment_method must be mobile_money or credit_card");
        }
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object naming the gateway and its settings");
        }
        String gatewayName =
                body.path("gateway").isString() ? body.path("gateway").asString() : "";
        Gateway gateway = Gateway.byId(gatewayName)
                .filter(allowed::contains)
                .orElseThrow(() -> invalid("gateway must be one of "
                        + allowed.stream().map(Gateway::id).sorted().toList() + " for " + paymentMethod));
        String payer = ClientProvider.PAYER.get(gateway);
        for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals(payer)) {
                throw invalid(name + " is not configured: each payment brings the payer's number in"
                        + " metadata.phone_number");
            }
            if (!"gateway".equals(name) && !gateway.accepted().contains(name)) {
                throw invalid(name + " is not a setting of " + gateway.id() + "; it takes " + gateway.accepted());
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String name : gateway.accepted()) {
            if (name.equals(payer)) {
                continue;
            }
            JsonNode value = body.get(name);
            boolean secret = gateway.secrets().contains(name);
            if (value == null
                    || value.isNull()
                    || (value.isString() && value.asString().isBlank())) {
                if (secret || gateway.required().contains(name)) {
                    throw invalid(gateway.id() + " needs " + name);
                }
                continue;
            }
            if (!value.isString() || value.asString().length() > MAX_VALUE) {
                throw invalid(name + " must be a string of at most " + MAX_VALUE + " characters");
            }
            (secret ? secrets : settings).put(name, value.asString().trim());
        }
        return new ClientProvider(clientId, paymentMethod, gateway, settings, secrets, clock.instant(), "operator");
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(
                HttpStatus.BAD_REQUEST, "invalid-provider-config", "Invalid provider configuration", detail);
    }
}
