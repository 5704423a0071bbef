package io.tracknow.payment.setup;

import io.tracknow.web.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads a set-up as seed 003's configuration sheet writes it, one flat object:
 * {@code {"gateway": "cmi", "cmi_merchant_id": "...", "cmi_api_key": "...", "currency": "MAD",
 * "auto_debit_enabled": true, "activated_at": "2026-01-01T00:00:00Z"}}. Every refusal is a 400 problem
 * with its own type, and nothing is stored: {@code unknown-gateway}, {@code missing-field},
 * {@code unsupported-currency}, {@code invalid-setup} (an unknown or malformed field).
 */
record SetupRequest(
        Gateway gateway,
        String currency,
        Map<String, String> settings,
        Map<String, String> secrets,
        boolean autoDebitEnabled,
        Instant activatedAt) {

    private static final Set<String> COMMON = Set.of("gateway", "currency", "auto_debit_enabled", "activated_at");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final int MAX_VALUE = 8192;

    @Override
    public String toString() {
        return "SetupRequest[gateway=" + gateway.id() + ", currency=" + currency + ", settings=" + settings
                + ", secrets=" + secrets.keySet() + "]";
    }

    static SetupRequest parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw invalid("invalid-setup", "the body must be a JSON object naming the gateway and its configuration");
        }
        JsonNode gatewayNode = body.get("gateway");
        if (gatewayNode == null || gatewayNode.isNull()) {
            throw invalid("missing-field", "gateway is required: one of " + Gateway.ids());
        }
        Gateway gateway = Gateway.byId(gatewayNode.isString() ? gatewayNode.asString() : gatewayNode.toString())
                .orElseThrow(
                        () -> invalid("unknown-gateway", "gateway " + gatewayNode + " is not one of " + Gateway.ids()));
        for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!COMMON.contains(name) && !gateway.accepted().contains(name)) {
                throw invalid(
                        "invalid-setup",
                        name + " is not a setting of " + gateway.id() + "; it takes " + gateway.accepted());
            }
        }
        String currency = text(body, "currency")
                .orElseThrow(() -> invalid("missing-field", "currency is required"))
                .toUpperCase(Locale.ROOT);
        if (!isIsoCurrency(currency) || !gateway.takes(currency)) {
            throw invalid(
                    "unsupported-currency",
                    gateway.id() + " does not take " + currency
                            + (gateway.currencies().isEmpty()
                                    ? " (not an ISO 4217 currency)"
                                    : "; it takes " + gateway.currencies()));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String name : gateway.accepted()) {
            boolean secret = gateway.secrets().contains(name);
            text(body, name).ifPresentOrElse(value -> (secret ? secrets : settings).put(name, value), () -> {
                if (secret || gateway.required().contains(name)) {
                    throw invalid("missing-field", gateway.id() + " needs " + name);
                }
            });
        }
        checkFormats(gateway, settings);
        boolean autoDebit = false;
        JsonNode auto = body.get("auto_debit_enabled");
        if (auto != null && !auto.isNull()) {
            if (!auto.isBoolean()) {
                throw invalid("invalid-setup", "auto_debit_enabled must be true or false");
            }
            autoDebit = auto.asBoolean();
        }
        Instant activatedAt =
                text(body, "activated_at").map(SetupRequest::instant).orElse(now);
        return new SetupRequest(gateway, currency, settings, secrets, autoDebit, activatedAt);
    }

    private static void checkFormats(Gateway gateway, Map<String, String> settings) {
        String mode = settings.get("payzen_mode");
        if (mode != null && !Set.of("TEST", "PRODUCTION").contains(mode)) {
            throw invalid("invalid-setup", "payzen_mode must be TEST or PRODUCTION");
        }
        for (String msisdn : new String[] {"momo_payer_msisdn", "moov_payer_msisdn"}) {
            String number = settings.get(msisdn);
            if (number != null && !E164.matcher(number).matches()) {
                throw invalid("invalid-setup", msisdn + " must be an E.164 number such as +22997000000");
            }
        }
    }

    private static java.util.Optional<String> text(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        if (!node.isString()) {
            throw invalid("invalid-setup", name + " must be a string");
        }
        String value = node.asString().trim();
        if (value.length() > MAX_VALUE) {
            throw invalid("invalid-setup", name + " is longer than " + MAX_VALUE + " characters");
        }
        return value.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(value);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid("invalid-setup", "activated_at must be an ISO 8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    private static boolean isIsoCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ApiProblem invalid(String type, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, "Invalid payment set-up", detail);
    }
}
