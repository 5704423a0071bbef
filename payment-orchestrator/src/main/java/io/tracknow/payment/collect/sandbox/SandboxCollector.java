package io.tracknow.payment.collect.sandbox;

import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.payment.collect.payments.Change;
import io.tracknow.payment.collect.payments.CollectPayment;
import io.tracknow.payment.collect.payments.CollectPayments;
import io.tracknow.payment.collect.payments.Collector;
import io.tracknow.payment.collect.payments.InitiateRequest;
import io.tracknow.payment.collect.payments.PaymentStatus;
import io.tracknow.payment.collect.payments.Transitions;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sandbox keys (seed 004 "Environnement de test"): no provider is called, no money moves. The magic amounts,
 * in any currency: 0.01 completes at once, 0.02 fails at once, 0.03 is cancelled (the payer's timeout),
 * 3.00 completes after {@code tracknow.collect.sandbox-slow-delay} (30 s). Any other amount waits for the
 * payer on the payment page ("pay" or "cancel") and is cancelled when it expires.
 */
@Component
class SandboxCollector implements Collector {

    static final String PROVIDER = "sandbox";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigDecimal COMPLETES = new BigDecimal("0.01");
    private static final BigDecimal FAILS = new BigDecimal("0.02");
    private static final BigDecimal TIMES_OUT = new BigDecimal("0.03");
    private static final BigDecimal COMPLETES_LATER = new BigDecimal("3.00");

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

    @Override
    public void checkCanCollect(String paymentMethod, String currency) {
        // the sandbox takes every method and currency
    }

    @Override
    public String provider(String paymentMethod) {
        return PROVIDER;
    }

    @Override
    public String paymentUrl(String externalPaymentId, String paymentMethod) {
        return properties.paymentPage(externalPaymentId);
    }

    @Override
    public Mono<Void> started(CollectPayment payment, InitiateRequest request, Transitions transitions) {
        BigDecimal amount = request.amountMajor();
        String id = payment.externalPaymentId();
        if (amount.compareTo(COMPLETES) == 0) {
            return transitions.change(id, completed("sandbox")).then();
        }
        if (amount.compareTo(FAILS) == 0) {
            return transitions
                    .change(id, Change.to(PaymentStatus.FAILED, "declined (sandbox amount 0.02)", "sandbox"))
                    .then();
        }
        if (amount.compareTo(TIMES_OUT) == 0) {
            return transitions
                    .change(id, Change.to(PaymentStatus.CANCELLED, "timeout (sandbox amount 0.03)", "sandbox"))
                    .then();
        }
        if (amount.compareTo(COMPLETES_LATER) == 0) {
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
