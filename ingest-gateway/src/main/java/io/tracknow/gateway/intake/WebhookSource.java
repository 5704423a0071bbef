package io.tracknow.gateway.intake;

import io.tracknow.gateway.credentials.MerchantCredential;
import java.util.Set;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** A shop or payment provider the gateway takes webhooks from: its signature scheme and its payload format. */
public interface WebhookSource {

    /** The credential source name, e.g. SHOPIFY; also the {@code source} tag of logs and metrics. */
    String name();

    /**
     * Where the source posts, below {@code /webhooks/} and before the merchant id: {@code tiktok} for
     * {@code POST /webhooks/tiktok/{merchantId}}, {@code payments/cmi} for a payment provider. Unique.
     */
    String route();

    /** Media types the source posts; anything else is 415. */
    default Set<MediaType> contentTypes() {
        return Set.of(MediaType.APPLICATION_JSON);
    }

    /**
     * The dedupe key when it can be read from the verified delivery without normalising it, so that a
     * repeat is answered as a duplicate before any costly step (TikTok's order-detail call); null if not.
     */
    default String earlyDedupeKey(Delivery delivery) {
        return null;
    }

    /** True when the delivery is signed by this credential (compare in constant time). */
    boolean verify(Delivery delivery, MerchantCredential credential);

    /**
     * Turns a verified delivery into what to publish.
     *
     * @return an error {@link io.tracknow.web.ApiProblem} for a body that is not a valid event (400)
     */
    Mono<Normalised> normalise(Delivery delivery);
}
