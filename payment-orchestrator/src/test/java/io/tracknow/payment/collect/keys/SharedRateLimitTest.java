package io.tracknow.payment.collect.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import io.tracknow.payment.collect.CollectApiTestBase;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The rate limit is one allowance per key across replicas: buckets are rows changed by compare-and-swap. */
class SharedRateLimitTest extends CollectApiTestBase {

    @Test
    void twoReplicasShareOneAllowanceEvenWhenTheyRace() {
        RateLimits first = new RateLimits(100, new PostgresBuckets(db).asAsync());
        RateLimits second = new RateLimits(100, new PostgresBuckets(db).asAsync());
        String key = "key_shared_" + UUID.randomUUID();
        List<ConsumptionProbe> probes = Flux.fromStream(IntStream.range(0, 130).boxed())
                .flatMap(i -> (i % 2 == 0 ? first : second).take(key), 16)
                .collectList()
                .block();
        assertThat(probes).hasSize(130);
        assertThat(probes).filteredOn(ConsumptionProbe::isConsumed).hasSize(100);
        ConsumptionProbe refused = second.take(key).block();
        assertThat(refused.isConsumed()).isFalse();
        assertThat(refused.getNanosToWaitForRefill()).isPositive();
        assertThat(first.take("key_other_" + UUID.randomUUID()).block().isConsumed())
                .as("another key")
                .isTrue();
    }
}
