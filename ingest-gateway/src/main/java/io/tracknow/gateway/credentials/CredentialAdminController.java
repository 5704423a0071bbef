package io.tracknow.gateway.credentials;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Operators set a merchant's credentials per source. A PUT replaces the source's whole set: to rotate,
 * PUT the old and the new secret together, then, once the shop signs only with the new one, PUT the
 * new one alone. Secrets go in and are never given back (not in answers, not in logs).
 */
@RestController
public class CredentialAdminController {

    /** Signature schemes each source supports; the first is the default. */
    static final Map<String, List<String>> SCHEMES = Map.ofEntries(
            Map.entry("TIKTOK_SHOP", List.of("X_TIKTOK_SIGNATURE", "AUTHORIZATION", "X_TIKTOK_SIGNATURE_TIMESTAMP")),
            Map.entry("TIKTOK_SHOP_API", List.of("ACCESS_TOKEN")),
            Map.entry("SHOPIFY", List.of("SHOPIFY_HMAC")),
            Map.entry("WOOCOMMERCE", List.of("WC_SIGNATURE")),
            Map.entry("CMI", List.of("CMI_SORTED_JSON_HMAC")),
            Map.entry("PAYZEN", List.of("KR_HASH")),
            Map.entry("SGMA", List.of("SORTED_VALUES_HMAC")),
            Map.entry("ORANGE_MONEY", List.of("X_SIGNATURE_HMAC")),
            Map.entry("MTN_MOMO", List.of("X_SIGNATURE_HMAC")),
            Map.entry("MOOV_MONEY", List.of("X_SIGNATURE_HMAC")),
            Map.entry("WAVE", List.of("WAVE_SIGNATURE")),
            Map.entry("BACKEND", List.of("X_PAYMENT_SIGNATURE")));

    private static final int MAX_SECRETS = 5;
    private static final Logger log = LoggerFactory.getLogger(CredentialAdminController.class);

    /**
     * @param appKey  the platform's app key (required by TikTok's AUTHORIZATION scheme, which signs it)
     * @param scheme  one of the source's schemes; its default when absent
     * @param secrets every secret that may sign right now, newest first
     */
    public record CredentialRequest(String appKey, String scheme, List<String> secrets) {
        @Override
        public String toString() {
            return "CredentialRequest[appKey=" + appKey + ", scheme=" + scheme + ", secrets=***]";
        }
    }

    private final CredentialStore store;

    public CredentialAdminController(CredentialStore store) {
        this.store = store;
    }

    @PutMapping("/admin/merchants/{merchantId}/credentials/{source}")
    public Mono<Map<String, Object>> put(
            Caller caller,
            @PathVariable String merchantId,
            @PathVariable String source,
            @RequestBody(required = false) CredentialRequest request) {
        caller.requireOperator();
        List<String> schemes = SCHEMES.get(source);
        if (schemes == null) {
            throw ApiProblem.notFound(
                    "unknown-source", source + " is not a webhook source; use one of " + SCHEMES.keySet());
        }
        if (request == null
                || request.secrets() == null
                || request.secrets().isEmpty()
                || request.secrets().size() > MAX_SECRETS
                || request.secrets().stream().anyMatch(s -> s == null || s.isBlank() || s.length() > 512)) {
            throw invalid("secrets must list 1 to " + MAX_SECRETS + " non-blank secrets of at most 512 characters");
        }
        String scheme = request.scheme() == null ? schemes.getFirst() : request.scheme();
        if (!schemes.contains(scheme)) {
            throw invalid("scheme " + scheme + " is not one of " + source + "'s schemes " + schemes);
        }
        String appKey = request.appKey() == null ? "" : request.appKey().trim();
        if ("AUTHORIZATION".equals(scheme) && appKey.isEmpty()) {
            throw invalid("the AUTHORIZATION scheme signs the app key: appKey is required");
        }
        if (Set.copyOf(request.secrets()).size() != request.secrets().size()) {
            throw invalid("secrets must be distinct");
        }
        return store.replace(merchantId, source, appKey, scheme, request.secrets())
                .then(Mono.fromSupplier(() -> {
                    log.info(
                            "operator set {} credentials of merchant {}: scheme {}, {} active secrets",
                            source,
                            merchantId,
                            scheme,
                            request.secrets().size());
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("merchantId", merchantId);
                    answer.put("source", source);
                    answer.put("appKey", appKey);
                    answer.put("scheme", scheme);
                    answer.put("activeSecrets", request.secrets().size());
                    return answer;
                }));
    }

    @GetMapping("/admin/merchants/{merchantId}/credentials")
    public Mono<Map<String, Object>> get(Caller caller, @PathVariable String merchantId) {
        caller.requireOperator();
        return store.summaries(merchantId).collectList().map(list -> Map.of("merchantId", merchantId, "sources", list));
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-credentials", "Invalid credentials", detail);
    }
}
