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
 * Like a webhook sender, it does not wait for ever: a request left unanswered for
 * {@link #UNANSWERED} is abandoned and sent once more, on a new exchange, and the retry is reported on
 * standard error (the test's output file) so that it is never silent. CI runs have, rarely, left one
 * request to a freshly started service unanswered while every thread of the JVM was idle; the retry
 * keeps such a run from failing on a 5-minute timeout, and a service that really hangs still fails the
 * test on the second attempt.
 */
public final class TestHttp {

    /** How long a test waits for an answer before it gives up on that exchange and retries once. */
    public static final Duration UNANSWERED = Duration.ofSeconds(30);

    private static final HttpClient CLIENT = retryingAfter(UNANSWERED);

    private TestHttp() {
    }

    public static HttpClient client() {
        return CLIENT;
    }

    /** A client like {@link #client()} that gives up on an exchange after {@code unanswered}. */
    static HttpClient retryingAfter(Duration unanswered) {
        return new RetryOnce(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build(), unanswered);
    }

    /** Delegates everything; {@code send} retries once when the first exchange goes unanswered. */
    private static final class RetryOnce extends HttpClient {

        private final HttpClient delegate;
        private final Duration unanswered;

        RetryOnce(HttpClient delegate, Duration unanswered) {
            this.delegate = delegate;
            this.unanswered = unanswered;
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            CompletableFuture<HttpResponse<T>> first = delegate.sendAsync(request, handler);
            try {
                return first.get(unanswered.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException unanswered) {
                first.cancel(true);
                System.err.printf("TestHttp: %s %s unanswered after %s; sending it once more%n",
                        request.method(), request.uri(), unanswered);
                return delegate.send(request, handler);
            } catch (ExecutionException failed) {
                Throwable cause = failed.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            }
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                                HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
            return delegate.sendAsync(request, handler, pushPromiseHandler);
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
