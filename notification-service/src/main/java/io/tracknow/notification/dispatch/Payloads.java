package io.tracknow.notification.dispatch;

import io.tracknow.notification.templates.Amount;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine form of a notification, the body of its webhook (Standard Webhooks' payload shape:
 * {@code type}, {@code timestamp}, {@code data}): the rendered title and body, and the facts with
 * amounts as minor units and currency, instants in ISO 8601.
 */
public final class Payloads {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private Payloads() {}

    public static String of(UUID notificationId, Cause cause, String language, String title, String body) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("notificationId", notificationId.toString());
        data.put("influencerId", cause.influencerId());
        data.put("causeEventId", cause.causeEventId());
        data.put("language", language);
        data.put("title", title);
        data.put("body", body);
        data.put("facts", plain(cause.facts()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", cause.type().templateName());
        payload.put("timestamp", cause.occurredAt().toString());
        payload.put("data", data);
        return JSON.writeValueAsString(payload);
    }

    private static Map<String, Object> plain(Map<String, ?> facts) {
        Map<String, Object> plain = new LinkedHashMap<>();
        facts.forEach((name, value) -> plain.put(
                name,
                switch (value) {
                    case Amount amount -> Map.of("minor", amount.minor(), "currency", amount.currency());
                    case Instant instant -> instant.toString();
                    case LocalDate day -> day.toString();
                    case BigDecimal number -> number.toPlainString();
                    case List<?> list ->
                        list.stream()
                                .map(item -> item instanceof Map<?, ?> row ? plain(cast(row)) : item)
                                .toList();
                    case null -> null;
                    default -> value;
                }));
        return plain;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> row) {
        return (Map<String, ?>) row;
    }
}
