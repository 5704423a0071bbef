package io.tracknow.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A resolver with fixed answers, no DNS. */
    private static final Map<String, InetAddress[]> NAMES = Map.of(
            "public.example", new InetAddress[] {ip("93.184.215.14")},
            "mixed.example", new InetAddress[] {ip("93.184.215.14"), ip("10.1.2.3")},
            "metadata.example", new InetAddress[] {ip("169.254.169.254")},
            "v6private.example", new InetAddress[] {ip("fd00::1")},
            "cgnat.example", new InetAddress[] {ip("100.64.0.1")});

    private final UrlGuard guard = new UrlGuard(
            host -> {
                InetAddress[] known = NAMES.get(host);
                if (known != null) {
                    return known;
                }
                if (host.matches("[0-9.:a-f]+")) {
                    return new InetAddress[] {ip(host)};
                }
                throw new UnknownHostException(host);
            },
            false);

    @Test
    void acceptsAPublicHttpsUrl() {
        assertThat(guard.refusal("https://public.example/hooks/tracknow")).isEmpty();
    }

    @Test
    void refusesLoopbackPrivateLinkLocalAndSharedAddresses() {
        assertThat(guard.refusal("http://127.0.0.1:8080/x")).get().asString().contains("loopback");
        assertThat(guard.refusal("http://[::1]/x")).get().asString().contains("loopback");
        assertThat(guard.refusal("http://10.0.0.7/x")).get().asString().contains("private");
        assertThat(guard.refusal("http://192.168.1.1/x")).get().asString().contains("private");
        assertThat(guard.refusal("http://172.16.5.4/x")).get().asString().contains("private");
        assertThat(guard.refusal("http://metadata.example/latest/meta-data"))
                .get()
                .asString()
                .contains("link-local");
        assertThat(guard.refusal("http://v6private.example/")).get().asString().contains("unique-local");
        assertThat(guard.refusal("http://cgnat.example/")).get().asString().contains("shared");
        assertThat(guard.refusal("http://0.0.0.0/")).isPresent();
    }

    @Test
    void checksEveryAddressANameResolvesTo() {
        assertThat(guard.refusal("https://mixed.example/")).get().asString().contains("10.1.2.3");
    }

    @Test
    void refusesOtherSchemesCredentialsAndNamesThatDoNotResolve() {
        assertThat(guard.refusal("file:///etc/passwd")).isPresent();
        assertThat(guard.refusal("gopher://public.example/")).isPresent();
        assertThat(guard.refusal("https://user:pass@public.example/"))
                .get()
                .asString()
                .contains("credentials");
        assertThat(guard.refusal("https://nowhere.invalid/")).get().asString().contains("does not resolve");
        assertThat(guard.refusal("not a url")).isPresent();
    }

    @Test
    void allowsLoopbackOnlyWhenTestsAskForIt() {
        UrlGuard forTests = new UrlGuard(host -> new InetAddress[] {ip(host)}, true);
        assertThat(forTests.refusal("http://127.0.0.1:8089/hook")).isEmpty();
        assertThat(forTests.refusal("http://10.0.0.7/hook")).isPresent();
    }
}
