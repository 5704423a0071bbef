package io.tracknow.payment.setup;

import io.tracknow.payment.config.PaymentProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo merchant's payment set-up on the embedded platform's sandbox PayZen (in USD, the demo order's
 * currency, auto-debit on), seeded at start when the launcher runs its sandbox providers
 * ({@code tracknow.payment.demo-sandbox=true}, which also points {@code tracknow.payment.providers} at them)
 * and demo is on. A set-up already there (an operator changed it) is left as it is.
 */
@Component
@ConditionalOnProperty(name = "tracknow.payment.demo-sandbox", havingValue = "true")
class DemoSetup implements ApplicationRunner {

    static final String MERCHANT = "demo-merchant";
    private static final String SHEET = """
            {"gateway": "payzen", "payzen_shop_id": "69876357", "payzen_mode": "TEST",
             "payzen_api_key": "testpassword_sandbox", "payzen_secret_key": "testhmac_sandbox",
             "payzen_platform_account_id": "tracknow-platform", "currency": "USD", "auto_debit_enabled": true,
             "activated_at": "2020-01-01T00:00:00Z"}""";

    private final PaymentProperties properties;
    private final SetupStore store;
    private final JsonMapper json;
    private final Clock clock;

    DemoSetup(PaymentProperties properties, SetupStore store, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo()) {
            return;
        }
        store.find(MERCHANT)
                .hasElement()
                .flatMap(present -> present
                        ? reactor.core.publisher.Mono.empty()
                        : store.save(
                                MERCHANT,
                                SetupRequest.parse(json.readTree(SHEET), clock.instant()),
                                clock.instant(),
                                "demo"))
                .block(Duration.ofSeconds(30));
    }
}
