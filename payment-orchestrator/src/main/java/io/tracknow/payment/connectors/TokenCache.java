package io.tracknow.payment.connectors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * OAuth2 client-credentials access tokens (SG Maroc, MTN MoMo, Orange Money), kept per credential until
 * a minute before they expire, so a payment does not cost a token request; a 401 drops the token and
 * the connector asks for a new one once.
 */
public final class TokenCache {

    private static final Duration MARGIN = Duration.ofSeconds(60);

    public record Token(String value, Instant expiresAt) {}

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    public Mono<String> get(String key, Supplier<Mono<Token>> fetch) {
        Token cached = tokens.get(key);
        if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
            return Mono.just(cached.value());
        }
        return fetch.get().doOnNext(token -> tokens.put(key, token)).map(Token::value);
    }

    /** A token that lives {@code expiresInSeconds} from now, less the safety margin. */
    public Token token(String value, long expiresInSeconds) {
        return new Token(value, clock.instant().plusSeconds(expiresInSeconds).minus(MARGIN));
    }

    public void invalidate(String key) {
        tokens.remove(key);
    }
}
