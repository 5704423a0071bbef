package io.tracknow.payment.collect.payments;

import io.tracknow.money.Money;
import io.tracknow.web.ApiProblem;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads an initiate body strictly: every field seed 004 requires, of its JSON type. The amount is a JSON
 * number read from its own text as a {@link BigDecimal} (never through a double) and must fit the
 * currency's minor unit exactly: 3.0 EUR is 300 cents, 0.001 EUR and 1.5 XOF are refused.
 */
public final class InitiateRequests {

    public static final Set<String> METHODS = Set.of("mobile_money", "credit_card");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int MAX_ID = 200;
    private static final int MAX_URL = 2048;

    private InitiateRequests() {}

    /** @throws ApiProblem 400 {@code invalid-request} naming the first field that is wrong */
    public static InitiateRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JacksonException e) {
            throw invalid("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        String paymentId = text(root, "payment_id");
        if (paymentId.isBlank()
                || paymentId.length() > MAX_ID
                || paymentId.chars().anyMatch(Character::isISOControl)) {
            throw invalid("payment_id must be 1 to " + MAX_ID + " printable characters");
        }
        String currency = text(root, "currency");
        JsonNode amountNode = root.get("amount");
        if (amountNode == null || amountNode.isNull()) {
            throw invalid("amount is required");
        }
        if (!amountNode.isNumber()) {
            throw invalid("amount must be a JSON number, e.g. 3.0");
        }
        BigDecimal major = amountNode.decimalValue();
        if (major.signum() <= 0) {
            throw invalid("amount must be more than zero");
        }
        Money amount;
        try {
            Money.currency(currency);
        } catch (IllegalArgumentException e) {
            throw invalid("currency " + currency + " is not an ISO 4217 currency code");
        }
        try {
            amount = Money.parse(major.toPlainString(), currency);
        } catch (IllegalArgumentException e) {
            throw invalid("amount " + major.toPlainString() + " has more decimals than "
                    + currency.toUpperCase(java.util.Locale.ROOT) + " has (" + Money.digits(Money.currency(currency))
                    + ") or is too large");
        }
        String method = text(root, "payment_method");
        if (!METHODS.contains(method)) {
            throw invalid("payment_method must be \"mobile_money\" or \"credit_card\", not \"" + method + "\"");
        }
        JsonNode metadata = root.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw invalid("metadata is required and must be a JSON object");
        }
        String callback = text(root, "callback_url");
        URI callbackUrl;
        try {
            callbackUrl = new URI(callback);
        } catch (URISyntaxException e) {
            throw invalid("callback_url is not a URL: " + callback);
        }
        if (callback.length() > MAX_URL
                || !callbackUrl.isAbsolute()
                || callbackUrl.getHost() == null
                || !("https".equalsIgnoreCase(callbackUrl.getScheme())
                        || "http".equalsIgnoreCase(callbackUrl.getScheme()))) {
            throw invalid("callback_url must be an absolute http(s) URL of at most " + MAX_URL + " characters");
        }
        String sha = sha256(String.join(
                "\n",
                paymentId,
                amount.currency().getCurrencyCode(),
                Long.toString(amount.minor()),
                method,
                callback,
                canonical(metadata)));
        return new InitiateRequest(paymentId, major, amount, method, (ObjectNode) metadata, callbackUrl, sha);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field + " is required");
        }
        if (!node.isString()) {
            throw invalid(field + " must be a JSON string");
        }
        return node.asString();
    }

    /** JSON with object keys sorted and numbers by value, so equal meanings give equal text. */
    static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((key, value) -> out.append(out.length() > 1 ? "," : "")
                    .append(JSON.writeValueAsString(key))
                    .append(':')
                    .append(canonical(value)));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            node.forEach(value -> out.append(out.length() > 1 ? "," : "").append(canonical(value)));
            return out.append(']').toString();
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        }
        return JSON.writeValueAsString(node);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }
}
