package io.tracknow.payment.payouts;

import io.tracknow.payment.config.PaymentProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The demo influencer's payout account: a Wave wallet in USD (the demo order's currency), paid through
 * the embedded platform's sandbox Wave. Seeded at start with {@code tracknow.payment.demo-sandbox=true} and
 * demo on; an account already there is left as it is.
 */
@Component
@ConditionalOnProperty(name = "tracknow.payment.demo-sandbox", havingValue = "true")
class DemoPayoutAccount implements ApplicationRunner {

    static final String INFLUENCER = "demo-influencer";

    private final PaymentProperties properties;
    private final PayoutAccounts accounts;
    private final Clock clock;

    DemoPayoutAccount(PaymentProperties properties, PayoutAccounts accounts, Clock clock) {
        this.properties = properties;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo()) {
            return;
        }
        PayoutAccount account = PayoutAccount.of(
                INFLUENCER,
                new PayoutAccount.Request(
                        "USD", "mobile_money", "wave", "+221770000123", "SN", null, "Demo Influencer"),
                clock.instant());
        accounts.find(INFLUENCER, "USD")
                .hasElement()
                .flatMap(present -> present ? Mono.empty() : accounts.save(account))
                .block(Duration.ofSeconds(30));
    }
}
