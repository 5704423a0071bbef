package io.tracknow.payment.connectors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.netty.channel.ChannelOption;
import io.tracknow.payment.config.PaymentProperties;
import io.tracknow.payment.setup.Gateway;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * How every connector talks to its provider: one WebClient with connect and read timeouts, a
 * Resilience4j retry per provider (exponential backoff; only timeouts, I/O errors and 5xx are retried,
 * never a 4xx, which would be refused again) and a circuit breaker per provider (one provider down does
 * not hold up the others; while open, calls fail at once and the payment stays open for the janitor).
 * Nothing here logs a header or a body: credentials travel in headers and bodies.
 */
@Component
public class ProviderHttp {

    private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);

    /** A provider's answer: HTTP status and body (empty when it sent none). */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Thrown inside the retry for a 5xx, so that it is retried and counted by the circuit breaker. */
    static final class ServerError extends RuntimeException {
        final Reply reply;

        ServerError(Reply reply) {
            super("HTTP " + reply.status());
            this.reply = reply;
        }
    }

    private final PaymentProperties properties;
    private final WebClient web;
    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;

    public ProviderHttp(PaymentProperties properties) {
        this.properties = properties;
        PaymentProperties.Http http = properties.http();
        // its own pool (not Reactor Netty's global one): a provider connection is never shared with other clients
        HttpClient client = HttpClient.create(ConnectionProvider.builder("payment-providers")
                        .maxConnections(100)
                        .maxIdleTime(java.time.Duration.ofSeconds(30))
                        .build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        http.connectTimeout().toMillis())
                .responseTimeout(http.readTimeout());
        this.web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(client))
                .build();
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(http.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(http.backoff(), 2.0))
                .retryOnException(ProviderHttp::transientFailure)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(http.failureRate())
                .slidingWindowSize(http.window())
                .minimumNumberOfCalls(Math.min(http.window(), 10))
                .waitDurationInOpenState(http.openFor())
                .build());
    }

    /** The provider's base URL joined with {@code path}. */
    public URI uri(Gateway gateway, String path) {
        URI base = properties.providers().get(gateway.id());
        if (base == null) {
            throw new IllegalStateException("no tracknow.payment.providers." + gateway.id() + " base URL configured");
        }
        String text = base.toString();
        return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + path);
    }

    public Mono<Reply> json(Gateway gateway, HttpMethod method, URI uri, Consumer<HttpHeaders> headers, String body) {
        return send(gateway, method, uri, headers, body, MediaType.APPLICATION_JSON);
    }

    public Mono<Reply> form(Gateway gateway, URI uri, Consumer<HttpHeaders> headers, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(encode(name))
                .append('=')
                .append(encode(value)));
        return send(gateway, HttpMethod.POST, uri, headers, body.toString(), MediaType.APPLICATION_FORM_URLENCODED);
    }

    /**
     * One call with retries and the provider's circuit breaker. 2xx, 3xx and 4xx come back as a
     * {@link Reply}; what is still a timeout, an I/O error or a 5xx after the last attempt, or a call
     * refused by an open circuit, comes back as an error for the connector to turn into UNKNOWN.
     */
    private Mono<Reply> send(
            Gateway gateway, HttpMethod method, URI uri, Consumer<HttpHeaders> headers, String body, MediaType type) {
        WebClient.RequestBodySpec request = web.method(method).uri(uri).headers(h -> {
            h.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
            headers.accept(h);
        });
        WebClient.RequestHeadersSpec<?> spec =
                body == null ? request : request.contentType(type).bodyValue(body);
        return spec.exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(text -> new Reply(response.statusCode().value(), text)))
                .timeout(properties.http().readTimeout())
                .flatMap(reply -> reply.status() >= 500 ? Mono.error(new ServerError(reply)) : Mono.just(reply))
                .transformDeferred(RetryOperator.of(retry(gateway)))
                .transformDeferred(CircuitBreakerOperator.of(breaker(gateway)))
                .doOnError(e -> log.warn("{} {} {} failed: {}", gateway.id(), method, uri.getPath(), describe(e)));
    }

    public Retry retry(Gateway gateway) {
        return retries.retry(gateway.id());
    }

    public CircuitBreaker breaker(Gateway gateway) {
        return breakers.circuitBreaker(gateway.id());
    }

    /** A short reason for the journal: never a body or a header. */
    public static String describe(Throwable e) {
        if (e instanceof ServerError server) {
            return "provider answered HTTP " + server.reply.status() + " on every attempt";
        }
        if (e instanceof CallNotPermittedException) {
            return "circuit open: the provider failed too often recently";
        }
        if (e instanceof TimeoutException || e.getCause() instanceof TimeoutException) {
            return "no answer within the read timeout";
        }
        if (e instanceof WebClientRequestException || e instanceof IOException) {
            return "connection failed: " + e.getClass().getSimpleName();
        }
        if (e instanceof IllegalStateException) {
            return e.getMessage(); // our own messages (a token refused), which name no secret
        }
        return e.getClass().getSimpleName();
    }

    /** The last 5xx body, when the error is one, for the journal. */
    static String lastBody(Throwable e) {
        return e instanceof ServerError server ? server.reply.status() + " " + server.reply.body() : null;
    }

    private static boolean transientFailure(Throwable e) {
        return e instanceof ServerError
                || e instanceof TimeoutException
                || e instanceof IOException
                || e instanceof WebClientRequestException
                || e.getCause() instanceof IOException
                || e.getCause() instanceof TimeoutException;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
