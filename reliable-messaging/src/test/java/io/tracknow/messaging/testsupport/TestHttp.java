package io.tracknow.messaging.testsupport;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client of the tests: HTTP/1.1, as shops and payment providers send webhooks, rather than
 * the JDK client's default cleartext HTTP/2 upgrade attempt (Upgrade: h2c on every first request),
 * which no webhook sender makes and which our servers do not speak.
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {
    }

    public static HttpClient client() {
        return CLIENT;
    }
}
