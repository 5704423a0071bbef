package io.tracknow.payment.collect.sandbox;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.payment.collect.keys.ApiClient;
import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.payment.collect.payments.Change;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.payment.collect.payments.Collector;
import io.tracknow.payment.collect.payments.InitiateRequest;
import io.tracknow.payment.collect.payments.PaymentStatus;
import io.tracknow.payment.collect.payments.Transitions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sandbox keys (seed 004 "Environnement de test"): no provider is called, no money moves. The magic amounts
 * are counted in the currency's minor units, so that they exist in every currency: 1 (0.01 EUR, 1 XOF,
 * 0.001 KWD) completes at once, 2 fails at once, 3 is cancelled (the payer's timeout), 300 (3.00 EUR, 300 XOF)
 * completes after {@code tracknow.collect.sandbox-slow-delay} (30 s). (0.01 XOF cannot be sent: XOF has no
 * decimals; and scaling the seed's major amounts instead would make 3.00 XOF and 0.03 XOF the same 3 francs.) Any other amount waits for the
 * payer on the payment page ("pay" or "cancel") and is cancelled when it expires.
 */
@Component
class SandboxCollector implements Collector {

    static final String PROVIDER = "sandbox";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long COMPLETES = 1;
    private static final long FAILS = 2;
    private static final long TIMES_OUT = 3;
    private static final long COMPLETES_LATER = 300;

    private final CollectPayments payments;
    private final CollectProperties properties;
    private final Clock clock;

    SandboxCollector(CollectPayments payments, CollectProperties properties, Clock clock) {
        this.payments = payments;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Mode mode() {
        return Mode.SANDBOX;
    }

    /** The sandbox takes every method and currency. */
    @Override
    public Mono<String> provider(ApiClient client, InitiateRequest request) {
        return Mono.just(PROVIDER);
    }

    @Override
    public String paymentUrl(String externalPaymentId, String paymentMethod) {
        return properties.paymentPage(externalPaymentId);
    }

    @Override
    public Mono<Started> started(CollectPayment payment, InitiateRequest request, Transitions transitions) {
        return settle(payment, transitions).thenReturn(Started.pending());
    }

    /** The initiate answer says pending for every amount (seed 004 allows pending or processing there). */
    private Mono<?> settle(CollectPayment payment, Transitions transitions) {
        long amount = payment.amountMinor();
        String id = payment.externalPaymentId();
        if (amount == COMPLETES) {
            return transitions.change(id, completed("sandbox")).then();
        }
        if (amount == FAILS) {
            return transitions
                    .change(id, Change.to(PaymentStatus.FAILED, "declined (sandbox magic amount 2)", "sandbox"))
                    .then();
        }
        if (amount == TIMES_OUT) {
            return transitions
                    .change(id, Change.to(PaymentStatus.CANCELLED, "timeout (sandbox magic amount 3)", "sandbox"))
                    .then();
        }
        if (amount == COMPLETES_LATER) {
            return payments.setDue(id, clock.instant().plus(properties.sandboxSlowDelay()), PaymentStatus.COMPLETED);
        }
        return payments.setDue(id, payment.expiresAt(), PaymentStatus.CANCELLED);
    }

    /** A completion as a provider would report it: its transaction id and reference. */
    static Change completed(String actor) {
        return new Change(
                PaymentStatus.COMPLETED,
                "txn_" + hex(8),
                "sandbox_" + hex(6),
                Map.of("environment", "sandbox"),
                null,
                actor);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
