package io.tracknow.payment.collect.payments;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracknow.payment.collect.callbacks.CallbackTargets;
import io.tracknow.payment.collect.config.CollectProperties;
import io.tracknow.payment.collect.config.Iso;
import io.tracknow.payment.collect.keys.ApiClient;
import io.tracknow.payment.collect.keys.Mode;
import io.tracknow.web.ApiProblem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Initiates a payment once per client and payment_id: the first request stores it as pending and hands it
 * to the collector of the key's mode; the same payment_id with the same request gets the first answer again
 * (the same external_payment_id), with another request 409.
 */
@Service
public class Initiations {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CollectPayments payments;
    private final Transitions transitions;
    private final TransactionalOperator transactions;
    private final CollectProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<Mode, Collector> collectors = new EnumMap<>(Mode.class);

    public Initiations(
            CollectPayments payments,
            Transitions transitions,
            TransactionalOperator transactions,
            CollectProperties properties,
            Clock clock,
            MeterRegistry meters,
            List<Collector> collectors) {
        this.payments = payments;
        this.transitions = transitions;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        collectors.forEach(c -> {
            if (this.collectors.put(c.mode(), c) != null) {
                throw new IllegalStateException("two collectors for " + c.mode());
            }
        });
    }

    public Mono<Reply> initiate(ApiClient client, InitiateRequest request) {
        Collector collector = collectors.get(client.mode());
        if (collector == null) {
            return Mono.error(new ApiProblem(
                    HttpStatus.NOT_IMPLEMENTED,
                    "provider-not-configured",
                    "Not configured",
                    "no collector is configured for " + client.mode().wire() + " keys"));
        }
        // a bad request is the client's to fix first (400), then whether it can be collected at all (501)
        return Mono.fromCallable(() -> CallbackTargets.refusal(request.callbackUrl(), client.mode() == Mode.LIVE))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(refusal -> {
                    if (refusal.isPresent()) {
                        return Mono.error(InitiateRequests.invalid(refusal.get()));
                    }
                    return collector.provider(client, request);
                })
                .flatMap(provider -> create(client, request, collector, provider));
    }

    private Mono<Reply> create(ApiClient client, InitiateRequest request, Collector collector, String provider) {
        String id = "ext_" + HexFormat.of().formatHex(random(16));
        Instant now = clock.instant();
        Instant expires = now.plus(properties.paymentTtl());
        String paymentUrl = collector.paymentUrl(id, request.paymentMethod());
        String json = answer(id, PaymentStatus.PENDING, paymentUrl, expires);
        CollectPayment payment = new CollectPayment(
                id,
                client.clientId(),
                client.mode(),
                client.keyId(),
                request.paymentId(),
                request.sha256(),
                request.amount().minor(),
                request.amount().currency().getCurrencyCode(),
                request.paymentMethod(),
                request.callbackUrl().toString(),
                JSON.writeValueAsString(request.metadata()),
                provider,
                PaymentStatus.PENDING,
                json,
                null,
                null,
                null,
                null,
                now,
                now,
                expires,
                null,
                null,
                null);
        Mono<Reply> work = payments.insertIfNew(payment, null, null)
                .flatMap(inserted -> inserted
                        ? transitions
                                .created(payment, client.actor())
                                .then(collector.started(payment, request, transitions))
                                .flatMap(started -> answered(payment, started, paymentUrl, json))
                                .doOnSuccess(answered -> meters.counter(
                                                "tracknow.collect.payments.initiated",
                                                "mode",
                                                client.mode().wire(),
                                                "method",
                                                request.paymentMethod())
                                        .increment())
                                .map(answered -> new Reply(201, answered, false))
                        : payments.byClientPaymentId(client, request.paymentId())
                                .map(first -> {
                                    if (!first.requestSha256().equals(request.sha256())) {
                                        throw new ApiProblem(
                                                HttpStatus.CONFLICT,
                                                "payment-id-conflict",
                                                "payment_id already used",
                                                "payment_id " + request.paymentId()
                                                        + " was initiated with another request ("
                                                        + first.externalPaymentId() + ")");
                                    }
                                    return new Reply(201, first.initiateResponse(), true);
                                }));
        return transactions.transactional(work);
    }

    /** The answer as the collector left the payment: processing and the provider's page, when it says so. */
    private Mono<String> answered(CollectPayment payment, Collector.Started started, String plannedUrl, String json) {
        String url = started.paymentUrl() == null ? plannedUrl : started.paymentUrl();
        if (started.status() == PaymentStatus.PENDING && url.equals(plannedUrl)) {
            return Mono.just(json);
        }
        String changed = answer(payment.externalPaymentId(), started.status(), url, payment.expiresAt());
        return payments.setInitiateResponse(payment.externalPaymentId(), changed)
                .thenReturn(changed);
    }

    private static String answer(String id, PaymentStatus status, String paymentUrl, Instant expires) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("external_payment_id", id);
        answer.put("status", status.wire());
        answer.put("payment_url", paymentUrl);
        answer.put("qr_code", QrCodes.pngDataUri(paymentUrl));
        answer.put("expires_at", Iso.utc(expires));
        return JSON.writeValueAsString(answer);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
