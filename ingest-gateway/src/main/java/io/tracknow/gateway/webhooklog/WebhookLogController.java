package io.tracknow.gateway.webhooklog;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Operators (the operator token, {@link Caller#requireOperator()}) read the webhook log (newest first, filtered, paged) and replay accepted deliveries. */
@RestController
public class WebhookLogController {

    private static final int MAX_PAGE_SIZE = 200;

    private final WebhookLog webhookLog;
    private final Replay replay;

    public WebhookLogController(WebhookLog webhookLog, Replay replay) {
        this.webhookLog = webhookLog;
        this.replay = replay;
    }

    @GetMapping("/admin/webhook-logs")
    public Mono<Map<String, Object>> search(
            Caller caller,
            @RequestParam(required = false) String merchant,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        caller.requireOperator();
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw badQuery("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        LogQuery query = new LogQuery(
                merchant,
                source,
                outcome == null ? null : outcome.toUpperCase(java.util.Locale.ROOT),
                instant("from", from),
                instant("to", to),
                page,
                size);
        return webhookLog.search(query).map(entries -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("page", page);
            answer.put("size", size);
            answer.put("items", entries.stream().map(WebhookLogController::view).toList());
            return answer;
        });
    }

    @PostMapping("/admin/webhook-logs/{id}/replay")
    public Mono<Map<String, Object>> replay(Caller caller, @PathVariable long id) {
        caller.requireOperator();
        return replay.replay(id);
    }

    static Map<String, Object> view(LogEntry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("receivedAt", e.receivedAt().toString());
        view.put("source", e.source());
        view.put("merchantId", e.merchantId());
        view.put("outcome", e.outcome());
        view.put("reason", e.reason());
        view.put("httpStatus", e.httpStatus());
        view.put("latencyMs", e.latencyMs());
        view.put("headers", e.headers());
        view.put("bodySha256", e.bodySha256());
        view.put("bodyBytes", e.bodyBytes());
        view.put("dedupeKey", e.dedupeKey());
        view.put("eventId", e.eventId());
        view.put("topic", e.topic());
        view.put("eventKey", e.eventKey());
        view.put("replayable", e.eventAvro() != null);
        view.put("replayCount", e.replayCount());
        view.put(
                "lastReplayedAt",
                e.lastReplayedAt() == null ? null : e.lastReplayedAt().toString());
        return view;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw badQuery(name + " must be an ISO-8601 instant such as 2026-11-23T08:00:00Z");
        }
    }

    private static ApiProblem badQuery(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", detail);
    }
}
