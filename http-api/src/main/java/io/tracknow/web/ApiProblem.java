package io.tracknow.web;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with the RFC 9457 problem it answers: a stable {@code type} per
 * kind of error, the HTTP status, and a detail for the caller. Thrown by handlers, rendered by
 * {@link ProblemAdvice}.
 */
public class ApiProblem extends RuntimeException {

    private static final String TYPE_BASE = "https://tracknow.io/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ApiProblem(HttpStatus status, String type, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public static ApiProblem notFound(String type, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, type, "Not found", detail);
    }

    /**
     * 503 with {@code Retry-After}: the service cannot answer now (Kafka, the database or a provider is
     * away) and the caller should send the same request again after {@code retryAfter}.
     */
    public static ApiProblem retryLater(String type, String title, String detail, Duration retryAfter) {
        return new ApiProblem(
                HttpStatus.SERVICE_UNAVAILABLE,
                type,
                title,
                detail,
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds())));
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return URI.create(TYPE_BASE + type);
    }

    /** The short type name, e.g. "invalid-signature", also used as a metric and log tag. */
    public String typeName() {
        return type;
    }

    public String title() {
        return title;
    }

    public HttpHeaders headers() {
        HttpHeaders result = new HttpHeaders();
        headers.forEach(result::add);
        return result;
    }
}
