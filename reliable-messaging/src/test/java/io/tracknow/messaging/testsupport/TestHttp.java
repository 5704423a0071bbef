package io.tracknow.messaging.testsupport;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP client of the tests: HTTP/1.1, as shops and payment providers send webhooks, rather than
 * the JDK client's default cleartext HTTP/2 upgrade attempt (Upgrade: h2c on every first request),
 * which no webhook sender makes and which our servers do not speak.
 * <p>
 * A request that the service leaves unanswered for {@link #ANSWER_WITHIN} fails the test with an
 * {@link AssertionError} naming the request and the wait. It is never sent again: a request that a
 * service does not answer is a defect to see, not to hide (re-sending on a fresh connection hid
 * Reactor Netty 1.3.6's keep-alive hang through several CI runs; docs/architecture.md, "The keep-alive hang").
 */
public final class TestHttp {

    /** How long a test waits for an answer; the services answer the tests' requests in milliseconds. */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private static final HttpClient CLIENT = answeringWithin(ANSWER_WITHIN);

    private TestHttp() {}

    public static HttpClient client() {
        return CLIENT;
    }

    /** A client like {@link #client()} that fails a request left unanswered for {@code limit}. */
    static HttpClient answeringWithin(Duration limit) {
        return new Bounded(
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build(),
                limit);
    }

    /** Delegates everything; every exchange fails with an AssertionError once unanswered for the limit. */
    private static final class Bounded extends HttpClient {

        private final HttpClient delegate;
        private final Duration limit;

        Bounded(HttpClient delegate, Duration limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            try {
                return sendAsync(request, handler).get();
            } catch (ExecutionException failed) {
                Throwable cause = failed.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IOException(cause);
            }
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return bounded(request, delegate.sendAsync(request, handler));
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(
                HttpRequest request,
                HttpResponse.BodyHandler<T> handler,
                HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
            return bounded(request, delegate.sendAsync(request, handler, pushPromiseHandler));
        }

        private <T> CompletableFuture<HttpResponse<T>> bounded(
                HttpRequest request, CompletableFuture<HttpResponse<T>> exchange) {
            return exchange.copy()
                    .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionallyCompose(failure -> {
                        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
                                ? wrapped.getCause()
                                : failure;
                        if (cause instanceof TimeoutException) {
                            exchange.cancel(true);
                            return CompletableFuture.failedFuture(new AssertionError(request.method() + " "
                                    + request.uri()
                                    + " was not answered within " + shown(limit) + " (TestHttp.ANSWER_WITHIN); the"
                                    + " test client does not send it again: a service must answer every request"));
                        }
                        return CompletableFuture.failedFuture(cause);
                    });
        }

        private static String shown(Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return delegate.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return delegate.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return delegate.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return delegate.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return delegate.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return delegate.authenticator();
        }

        @Override
        public Version version() {
            return delegate.version();
        }

        @Override
        public Optional<Executor> executor() {
            return delegate.executor();
        }
    }
}
