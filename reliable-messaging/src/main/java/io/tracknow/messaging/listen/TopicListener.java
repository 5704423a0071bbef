package io.tracknow.messaging.listen;

import io.tracknow.schemas.Topic;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

/**
 * What a service does with each event of one topic, at most once per event: a Spring bean of this
 * type is subscribed to its topic in the service's consumer group (its {@code spring.application.name}, plus
 * the listener's {@link #groupSuffix} if it has one),
 * and each event runs {@link #handle} inside the inbox transaction of {@code IdempotentConsumer}.
 * An event of another type, or one the handler refuses as invalid, goes to the topic's dead letters.
 *
 * @param <V> the topic's value type
 */
public abstract class TopicListener<V extends SpecificRecord> {

    private final Topic<V> topic;
    private final String consumer;
    private final String groupSuffix;

    /**
     * @param topic    the topic to follow
     * @param consumer the inbox name of this listener (e.g. "commission.sales"); renaming it replays history
     */
    protected TopicListener(Topic<V> topic, String consumer) {
        this(topic, consumer, "");
    }

    /**
     * A listener in a consumer group of its own, {@code <spring.application.name><groupSuffix>}: for a second
     * listener of a topic that another listener of the service follows too. In one group the two would
     * split the topic's partitions, each seeing only part of the events.
     *
     * @param groupSuffix appended to the service's group, e.g. ".collect"; "" for the service's group
     */
    protected TopicListener(Topic<V> topic, String consumer, String groupSuffix) {
        this.topic = Objects.requireNonNull(topic);
        this.consumer = Objects.requireNonNull(consumer);
        this.groupSuffix = Objects.requireNonNull(groupSuffix);
    }

    public final Topic<V> topic() {
        return topic;
    }

    public final String consumer() {
        return consumer;
    }

    /** What this listener's consumer group adds to the service's ("" for most listeners). */
    public final String groupSuffix() {
        return groupSuffix;
    }

    /** The effect of one event, run the first time it arrives, inside the transaction that claims it. */
    protected abstract Mono<?> handle(V event);

    /**
     * Runs once per inbox transaction before the effects, with the events it applies for the first time
     * (in order, duplicates left out): where a listener reads at once what the effects of a whole poll
     * will need (one statement instead of one per event), and remembers it for the transaction (e.g. in a
     * {@code TransactionMemo}). It must not change anything an effect could see differently. Nothing by
     * default.
     */
    protected Mono<?> prepare(List<V> events) {
        return Mono.empty();
    }
}
