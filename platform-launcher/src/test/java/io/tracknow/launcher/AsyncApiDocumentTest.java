package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/asyncapi.yaml cannot drift from the code: it has a channel for every topic of {@link Topics} and
 * its dead-letter topic and no other; each message's payload is the Avro schema {@link Topics} binds
 * to the topic and its key is the one the schema documents; and who sends and receives each topic is
 * what the services' code does (read from their sources: a {@code TopicListener} ({@code super(Topics.X, ...)}) receives
 * it and sends to its dead-letter topic, {@code @EnableInfluencerTokens} receives access-tokens.v1 into
 * the service's replica, any other use of a topic's name publishes to it). Compacted topics, read
 * whole by replicas and by no consumer group, have no dead-letter topic.
 */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCUMENT = ROOT.resolve("docs/asyncapi.yaml");
    private static final Pattern LISTENER = Pattern.compile("\\bsuper\\(\\s*Topics\\.([A-Z_]+)\\s*,");
    private static final Pattern REPLICA = Pattern.compile("@EnableInfluencerTokens\\b");
    /** A topic named in code, other than for its key (Topics.X.keyOf: a key derived, nothing sent). */
    private static final Pattern TOPIC_USE = Pattern.compile("\\bTopics\\.([A-Z_]+)\\b(?!\\s*(?:\\.|::)keyOf\\b)");

    private static Map<String, Object> document;

    @BeforeAll
    static void read() throws IOException {
        try (Reader in = Files.newBufferedReader(DOCUMENT, StandardCharsets.UTF_8)) {
            document = new Yaml().load(in);
        }
    }

    @Test
    void isAnAsyncApi3DocumentWhoseReferencesResolve() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        channels()
                .forEach((id, channel) -> map(channel, "messages")
                        .values()
                        .forEach(message -> assertThat(resolve(ref(message)))
                                .as("message of channel %s", id)
                                .isNotNull()));
        operations().forEach((id, operation) -> {
            assertThat(operation.get("action")).as(id).isIn("send", "receive");
            assertThat(resolve(ref(operation.get("channel"))))
                    .as("channel of %s", id)
                    .isNotNull();
            assertThat(operation.get("x-service"))
                    .as("service of %s", id)
                    .isIn(ServiceSpec.names().toArray());
        });
    }

    @Test
    void hasAChannelForEveryTopicAndItsDeadLetterTopicAndNoOther() {
        Set<String> expected = new TreeSet<>(Topics.names());
        Topics.ALL.stream().filter(topic -> !topic.compacted()).forEach(topic -> expected.add(topic.dlq()));
        Set<String> documented = new TreeSet<>();
        channels().values().forEach(channel -> documented.add((String) channel.get("address")));
        assertThat(documented).isEqualTo(expected);
    }

    @Test
    void eachTopicCarriesItsAvroSchemaWithTheKeyTheSchemaDocuments() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (Map<String, Object> channel : channels().values()) {
            String address = (String) channel.get("address");
            String topic = address.endsWith(".dlq") ? address.substring(0, address.length() - 4) : address;
            Schema schema = Topics.byName(topic).orElseThrow().valueSchema();
            assertThat(map(channel, "messages")).as(address).hasSize(1);
            Map<String, Object> message =
                    resolve(ref(map(channel, "messages").values().iterator().next()));

            Map<String, Object> payload = map(message, "payload");
            assertThat((String) payload.get("schemaFormat")).startsWith("application/vnd.apache.avro");
            Path avsc =
                    DOCUMENT.getParent().resolve(ref(map(payload, "schema"))).normalize();
            JsonNode file = json.readTree(avsc.toFile());
            assertThat(file.path("namespace").asString() + "."
                            + file.path("name").asString())
                    .as("schema file of %s", address)
                    .isEqualTo(schema.getFullName());
            assertThat(message.get("title")).as(address).isEqualTo(schema.getFullName());

            Map<String, Object> kafka = map(map(message, "bindings"), "kafka");
            String documentedKey =
                    schema.getDoc().replaceFirst("(?s).*Key: ", "").replaceFirst("\\.$", "");
            assertThat(map(kafka, "key").get("description"))
                    .as("key of %s", address)
                    .isEqualTo(documentedKey);
            assertThat(kafka.get("schemaIdPayloadEncoding")).isEqualTo("confluent");
        }
    }

    @Test
    void whoSendsAndReceivesEachTopicIsWhatTheServicesDo() {
        Set<String> inCode = new TreeSet<>();
        for (String service : ServiceSpec.names()) {
            for (String line : sources(service)) {
                Matcher listener = LISTENER.matcher(line);
                if (listener.find()) {
                    String topic = topicNamed(listener.group(1));
                    inCode.add(service + " receive " + topic);
                    inCode.add(service + " send " + Topics.dlq(topic));
                    continue;
                }
                if (REPLICA.matcher(line).find()) {
                    inCode.add(service + " receive " + Topics.ACCESS_TOKENS.name());
                    continue;
                }
                Matcher use = TOPIC_USE.matcher(line);
                while (use.find()) {
                    if (CONSTANTS.containsKey(use.group(1))) {
                        inCode.add(service + " send " + topicNamed(use.group(1)));
                    }
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        operations()
                .values()
                .forEach(operation -> documented.add(operation.get("x-service") + " " + operation.get("action") + " "
                        + resolve(ref(operation.get("channel"))).get("address")));
        assertThat(documented).isEqualTo(inCode);
    }

    /** Topic constants of {@link Topics}: field name to topic name. */
    private static final Map<String, String> CONSTANTS = constants();

    private static Map<String, String> constants() {
        Map<String, String> constants = new HashMap<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Topic.class) {
                try {
                    constants.put(field.getName(), ((Topic<?>) field.get(null)).name());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return constants;
    }

    private static String topicNamed(String constant) {
        assertThat(CONSTANTS).as("Topics.%s", constant).containsKey(constant);
        return CONSTANTS.get(constant);
    }

    private static List<String> sources(String service) {
        Path main = ROOT.resolve(service).resolve("src/main/java");
        assertThat(main).as("sources of %s", service).isDirectory();
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> {
                        try {
                            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Map<String, Object>> channels() {
        return children("channels");
    }

    private static Map<String, Map<String, Object>> operations() {
        return children("operations");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> children(String key) {
        return (Map<String, Map<String, Object>>) document.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object parent, String key) {
        Object child = ((Map<String, Object>) parent).get(key);
        assertThat(child).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) child;
    }

    @SuppressWarnings("unchecked")
    private static String ref(Object node) {
        Object ref = ((Map<String, Object>) node).get("$ref");
        assertThat(ref).as("$ref in %s", node).isInstanceOf(String.class);
        return (String) ref;
    }

    /** An in-document reference such as {@code #/components/messages/OrderReported}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(String ref) {
        assertThat(ref).startsWith("#/");
        Object node = document;
        for (String part : ref.substring(2).split("/")) {
            node = ((Map<String, Object>) node).get(part);
            assertThat(node).as(ref).isNotNull();
        }
        return (Map<String, Object>) node;
    }
}
