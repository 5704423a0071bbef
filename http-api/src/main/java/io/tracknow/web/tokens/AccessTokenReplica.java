package io.tracknow.web.tokens;

import io.tracknow.events.accesstokens.AccessTokenEvent;
import io.tracknow.web.auth.InfluencerTokens;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * This service's own copy of the compacted topic of influencer tokens, so that a token is checked
 * without asking anyone: every partition is read from the beginning with assigned partitions and no
 * consumer group (nothing is committed; every replica reads it all), and the latest event per token id
 * decides whether its digest is live. A token revoked on attribution-service stops working here when
 * the revocation arrives, usually within a second. Until the copy has read up to the end offsets seen
 * at start it is not {@link #caughtUp()}, and the service is not ready (see {@link ReplicaHealth}).
 */
public class AccessTokenReplica implements InfluencerTokens, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessTokenReplica.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final ConsumerFactory<?, ?> consumers;
    private final String topic;
    /** token id to its live digest and influencer; a revoked token is removed */
    private final Map<String, Live> byTokenId = new ConcurrentHashMap<>();

    private final Map<String, String> influencerByDigest = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile Consumer<?, ?> consumer;
    private Thread thread;

    private record Live(String digest, String influencerId) {}

    public AccessTokenReplica(ConsumerFactory<?, ?> consumers, String topic) {
        this.consumers = consumers;
        this.topic = topic;
    }

    @Override
    public Optional<String> influencerFor(String tokenSha256Hex) {
        return Optional.ofNullable(influencerByDigest.get(tokenSha256Hex));
    }

    /** True once every event that was on the topic when this service started has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Applies one event: the token is live with its digest, or, revoked, no longer accepted. */
    void apply(AccessTokenEvent event) {
        if (event.getRevokedAt() != null) {
            Live revoked = byTokenId.remove(event.getTokenId());
            influencerByDigest.remove(event.getTokenSha256());
            if (revoked != null) {
                influencerByDigest.remove(revoked.digest());
            }
            return;
        }
        // the new state first, then the old digest away: a re-read issue never leaves a gap
        Live previous = byTokenId.put(event.getTokenId(), new Live(event.getTokenSha256(), event.getInfluencerId()));
        influencerByDigest.put(event.getTokenSha256(), event.getInfluencerId());
        if (previous != null && !previous.digest().equals(event.getTokenSha256())) {
            influencerByDigest.remove(previous.digest());
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "access-token-replica");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Consumer<?, ?> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        while (running) {
            try (Consumer<?, ?> c = consumers.createConsumer(null, "access-token-replica", null, overrides)) {
                consumer = c;
                read(c);
            } catch (WakeupException stopping) {
                return;
            } catch (KafkaException e) {
                // the broker away or the topic missing: say so and start over; the copy keeps what it has
                log.warn("access-token replica of {} failed, starting over in 1 s: {}", topic, e.toString());
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
    }

    private void read(Consumer<?, ?> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new KafkaException("topic " + topic + " has no partitions");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> target = new HashMap<>(c.endOffsets(partitions));
        while (running) {
            for (ConsumerRecord<?, ?> record : c.poll(POLL)) {
                if (record.value() instanceof AccessTokenEvent event) {
                    apply(event);
                } else if (record.value() != null) {
                    log.error(
                            "access-token replica skips {}-{}@{}: not an AccessTokenEvent",
                            record.topic(),
                            record.partition(),
                            record.offset());
                } else {
                    // undecodable (the error-handling deserializer leaves null) or a tombstone
                    log.error(
                            "access-token replica skips {}-{}@{}: no decodable value",
                            record.topic(),
                            record.partition(),
                            record.offset());
                }
            }
            if (!caughtUp) {
                target.entrySet().removeIf(end -> c.position(end.getKey()) >= end.getValue());
                if (target.isEmpty()) {
                    caughtUp = true;
                    log.info("access-token replica of {} caught up: {} live tokens", topic, byTokenId.size());
                }
            }
        }
    }
}
