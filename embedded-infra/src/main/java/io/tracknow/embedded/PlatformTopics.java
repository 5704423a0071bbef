package io.tracknow.embedded;

import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/** The Kafka topics a local broker gets: every platform topic and, but for the compacted ones, its dead letters. */
final class PlatformTopics {

    private PlatformTopics() {}

    /** Each topic with {@code partitions} partitions (docs/architecture.md, "Partitions"); dead letters get one. */
    static List<NewTopic> all(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            if (topic.compacted()) {
                // a table, read whole by every replica (docs/architecture.md, "API access"); no consumer
                // group, so no dead-letter topic either
                topics.add(
                        new NewTopic(topic.name(), partitions, (short) 1).configs(Map.of("cleanup.policy", "compact")));
                continue;
            }
            topics.add(new NewTopic(topic.name(), partitions, (short) 1));
            topics.add(new NewTopic(topic.dlq(), 1, (short) 1));
        }
        return topics;
    }
}
