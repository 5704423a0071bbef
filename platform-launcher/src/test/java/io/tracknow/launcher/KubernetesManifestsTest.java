package io.tracknow.launcher;

import static io.tracknow.launcher.RenderedManifests.at;
import static io.tracknow.launcher.RenderedManifests.list;
import static io.tracknow.launcher.RenderedManifests.map;
import static io.tracknow.launcher.RenderedManifests.nameOf;
import static io.tracknow.launcher.RenderedManifests.podSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.tracknow.messaging.listen.TopicListener;
import io.tracknow.schemas.Topic;
import io.tracknow.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Kubernetes manifests in deploy/ must hold, checked on what {@code kubectl kustomize} renders
 * from the base and every overlay, against the code: the consumer groups and topics of the services'
 * {@code TopicListener}s, the topic names in {@link Topics}, the environment variables the services'
 * configuration files read, and the images and user of the Jib configuration in the poms.
 * <p>
 * Skipped, with a message, only where kubectl is not installed (it renders the kustomizations).
 */
class KubernetesManifestsTest {

    private static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/dev", "overlays/prod");
    /** Spring Boot binds these from the environment to its own properties (server.*, spring.*, management.*). */
    record Consumption(String group, String topic) {}

    private static Path repository;
    private static List<RenderedManifests> renders;
    private static Map<String, Set<Consumption>> consumedByService;

    @BeforeAll
    static void renderEveryKustomization() {
        Optional<Path> kubectl = RenderedManifests.kubectl();
        assumeTrue(
                kubectl.isPresent(),
                "kubectl is not installed: the checks of the Kubernetes manifests in deploy/ are skipped");
        repository = repositoryRoot();
        renders = KUSTOMIZATIONS.stream()
                .map(k -> RenderedManifests.render(kubectl.get(), repository.resolve("deploy"), k))
                .toList();
        consumedByService = kafkaListenersByService();
    }

    @Test
    void everyWorkloadHasProbesResourcesAHardenedPodAndEveryDeploymentADisruptionBudget() {
        for (RenderedManifests render : renders) {
            for (String service : ServiceSpec.names()) {
                assertThat(render.find("Deployment", service))
                        .as("%s: Deployment %s", render.name(), service)
                        .isPresent();
            }
            for (Map<String, Object> workload : Stream.of("Deployment", "StatefulSet", "Job")
                    .flatMap(k -> render.ofKind(k).stream())
                    .toList()) {
                String what = render.name() + ": " + workload.get("kind") + " " + nameOf(workload);
                Map<String, Object> pod = podSpec(workload);
                assertThat(at(pod, "securityContext", "runAsNonRoot"))
                        .as("%s runs as non-root", what)
                        .isEqualTo(true);
                assertThat(at(pod, "securityContext", "seccompProfile", "type"))
                        .as("%s seccomp", what)
                        .isEqualTo("RuntimeDefault");
                assertThat(pod.get("automountServiceAccountToken"))
                        .as("%s mounts no API token", what)
                        .isEqualTo(false);
                for (Map<String, Object> container : list(pod.get("containers"))) {
                    String c = what + " container " + container.get("name");
                    if (!"Job".equals(workload.get("kind"))) {
                        assertThat(container)
                                .as("%s probes", c)
                                .containsKeys("startupProbe", "livenessProbe", "readinessProbe");
                    }
                    for (String bound : List.of("requests", "limits")) {
                        assertThat(map(at(container, "resources", bound)))
                                .as("%s resources.%s", c, bound)
                                .containsKeys("cpu", "memory");
                    }
                    Map<String, Object> security = map(container.get("securityContext"));
                    assertThat(security)
                            .as("%s securityContext", c)
                            .containsEntry("allowPrivilegeEscalation", false)
                            .containsEntry("readOnlyRootFilesystem", true);
                    assertThat(list(at(security, "capabilities", "drop")))
                            .as("%s drops all capabilities", c)
                            .asList()
                            .contains("ALL");
                }
            }
            for (Map<String, Object> deployment : render.ofKind("Deployment")) {
                Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
                assertThat(render.ofKind("PodDisruptionBudget"))
                        .as("%s: a PodDisruptionBudget selects the pods of %s", render.name(), nameOf(deployment))
                        .anyMatch(pdb -> podLabels
                                .entrySet()
                                .containsAll(map(at(pdb, "spec", "selector", "matchLabels"))
                                        .entrySet()));
            }
        }
    }

    /** preStop drain + Spring's graceful shutdown must end before the kubelet's SIGKILL. */
    @Test
    void servicesShutDownGracefullyWithinTheGracePeriod() {
        for (RenderedManifests render : renders) {
            Map<String, Object> config = render.configMapData("tracknow-config");
            assertThat(config).as("%s: tracknow-config", render.name()).containsEntry("SERVER_SHUTDOWN", "graceful");
            Matcher phase = Pattern.compile("(\\d+)s")
                    .matcher((String) config.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE"));
            assertThat(phase.matches())
                    .as("%s: shutdown phase timeout in seconds", render.name())
                    .isTrue();
            for (String service : ServiceSpec.names()) {
                Map<String, Object> pod =
                        podSpec(render.find("Deployment", service).orElseThrow());
                Object preStop = at(list(pod.get("containers")).getFirst(), "lifecycle", "preStop", "sleep", "seconds");
                assertThat(preStop)
                        .as("%s: %s sleeps before SIGTERM so its endpoints drain", render.name(), service)
                        .isNotNull();
                assertThat((Integer) pod.get("terminationGracePeriodSeconds"))
                        .as("%s: %s grace period", render.name(), service)
                        .isGreaterThan((Integer) preStop + Integer.parseInt(phase.group(1)));
            }
        }
    }

    @Test
    void everyKedaTriggerNamesAConsumerGroupAndTopicOfItsServiceAndScalesWithinThePartitions() {
        for (RenderedManifests render : renders) {
            Map<String, Integer> partitions = partitionsByTopic(render);
            Object bootstrap = render.configMapData("tracknow-config").get("KAFKA_BOOTSTRAP_SERVERS");
            Map<String, Set<Consumption>> scaledOn = new HashMap<>();
            for (Map<String, Object> scaled : render.ofKind("ScaledObject")) {
                String service = (String) at(scaled, "spec", "scaleTargetRef", "name");
                String what = render.name() + ": ScaledObject " + nameOf(scaled);
                assertThat(consumedByService)
                        .as("%s scales a consumer service", what)
                        .containsKey(service);
                int max = (Integer) at(scaled, "spec", "maxReplicaCount");
                assertThat((Integer) at(scaled, "spec", "minReplicaCount"))
                        .as("%s never scales to zero", what)
                        .isBetween(1, max);
                for (Map<String, Object> trigger : list(at(scaled, "spec", "triggers"))) {
                    if (!"kafka".equals(trigger.get("type"))) {
                        continue;
                    }
                    Map<String, Object> metadata = map(trigger.get("metadata"));
                    Consumption consumption =
                            new Consumption((String) metadata.get("consumerGroup"), (String) metadata.get("topic"));
                    assertThat(consumedByService.get(service))
                            .as("%s trigger is a TopicListener of %s", what, service)
                            .contains(consumption);
                    assertThat(metadata.get("bootstrapServers"))
                            .as("%s measures the brokers the services use", what)
                            .isEqualTo(bootstrap);
                    assertThat(partitions)
                            .as("%s: topic %s is a KafkaTopic", what, consumption.topic())
                            .containsKey(consumption.topic());
                    assertThat(max)
                            .as("%s maxReplicaCount <= partitions of %s", what, consumption.topic())
                            .isLessThanOrEqualTo(partitions.get(consumption.topic()));
                    scaledOn.computeIfAbsent(service, s -> new HashSet<>()).add(consumption);
                }
            }
            assertThat(scaledOn)
                    .as("%s: every consumer service scales on the lag of everything it consumes", render.name())
                    .isEqualTo(consumedByService);
            for (String service : ServiceSpec.names()) {
                if (!consumedByService.containsKey(service)) {
                    Map<String, Object> hpa = render.find("HorizontalPodAutoscaler", service)
                            .orElseThrow(() -> new AssertionError(
                                    render.name() + ": " + service + " consumes nothing and needs a CPU autoscaler"));
                    assertThat(list(at(hpa, "spec", "metrics"))).anyMatch(m -> "cpu".equals(at(m, "resource", "name")));
                }
            }
        }
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAStrimziKafkaTopic() {
        Set<String> expected = new TreeSet<>();
        Topics.ALL.forEach(topic -> expected.add(topic.name()));
        Topics.ALL.stream().filter(topic -> !topic.compacted()).forEach(topic -> expected.add(topic.dlq()));
        consumedByService.values().forEach(consumptions -> consumptions.forEach(c -> expected.add(c.topic())));
        for (RenderedManifests render : renders) {
            assertThat(partitionsByTopic(render).keySet())
                    .as("%s: KafkaTopics", render.name())
                    .containsAll(expected);
            for (Map<String, Object> topic : render.ofKind("KafkaTopic")) {
                assertThat(at(topic, "metadata", "labels", "strimzi.io/cluster"))
                        .as("%s: cluster of %s", render.name(), nameOf(topic))
                        .isNotNull();
            }
        }
    }

    @Test
    void servicesRunTheImagesAndUserThatJibBuilds() throws Exception {
        JibConfiguration jib = JibConfiguration.read(repository);
        for (RenderedManifests render : renders) {
            for (String service : ServiceSpec.names()) {
                assertThat(jib.buildsAnImage(service))
                        .as("the pom of %s builds an image (jib.skip false)", service)
                        .isTrue();
                Map<String, Object> pod =
                        podSpec(render.find("Deployment", service).orElseThrow());
                // an overlay may push to a registry host: registry.example.com/<jib image>
                assertThat((String) list(pod.get("containers")).getFirst().get("image"))
                        .as("%s: image of %s", render.name(), service)
                        .matches("([a-z0-9.-]+(:[0-9]+)?/)?" + Pattern.quote(jib.image(service)));
                assertThat(String.valueOf(at(pod, "securityContext", "runAsUser")))
                        .as("%s: user of %s", render.name(), service)
                        .isEqualTo(jib.user());
            }
        }
    }

    @Test
    void noSecretIsCommittedAndEveryReferencedSecretHasAnExample() {
        for (RenderedManifests render : renders) {
            assertThat(render.ofKind("Secret"))
                    .as("%s: Secrets are created in the cluster, never rendered", render.name())
                    .isEmpty();
            for (String secret : secretsReferenced(render)) {
                assertThat(repository.resolve("deploy/secrets/" + secret + ".env.example"))
                        .as("%s: an example of Secret %s", render.name(), secret)
                        .exists();
            }
        }
    }

    @Test
    void servicesAreGivenOnlyEnvironmentVariablesTheyRead() throws IOException {
        for (RenderedManifests render : renders) {
            for (String service : ServiceSpec.names()) {
                ServiceVariables read = ServiceVariables.of(service);
                Map<String, Object> container = list(podSpec(
                                        render.find("Deployment", service).orElseThrow())
                                .get("containers"))
                        .getFirst();
                Set<String> given = new TreeSet<>();
                list(container.get("env")).forEach(e -> given.add((String) e.get("name")));
                for (Map<String, Object> source : list(container.get("envFrom"))) {
                    if (source.containsKey("configMapRef")) {
                        String name = (String) at(source, "configMapRef", "name");
                        given.addAll(
                                map(render.find("ConfigMap", name).orElseThrow().get("data"))
                                        .keySet());
                    } else {
                        given.addAll(exampleKeys((String) at(source, "secretRef", "name")));
                    }
                }
                assertThat(given)
                        .as("%s: every variable given to %s is one it reads", render.name(), service)
                        .allMatch(
                                read::reads,
                                "read by " + service
                                        + " (a ${VARIABLE} in its configuration, or a Spring Boot property)");
            }
        }
    }

    @Test
    void onlyTheWebhooksTheTrackingRedirectAndThePaymentsApiAreReachableFromOutside() {
        for (RenderedManifests render : renders) {
            Map<String, Object> denyAll =
                    render.find("NetworkPolicy", "default-deny-all").orElseThrow();
            assertThat(map(at(denyAll, "spec", "podSelector")))
                    .as("%s: default deny selects every pod", render.name())
                    .isEmpty();
            assertThat(list(at(denyAll, "spec", "policyTypes")))
                    .asList()
                    .containsExactlyInAnyOrder("Ingress", "Egress");
            Set<String> routes = new TreeSet<>();
            for (Map<String, Object> ingress : render.ofKind("Ingress")) {
                for (Map<String, Object> rule : list(at(ingress, "spec", "rules"))) {
                    for (Map<String, Object> path : list(at(rule, "http", "paths"))) {
                        routes.add(at(path, "backend", "service", "name") + " " + path.get("path"));
                    }
                }
            }
            assertThat(routes)
                    .as("%s: public routes", render.name())
                    .containsExactlyInAnyOrder(
                            "ingest-gateway /webhooks/",
                            "attribution-service /r/",
                            "payment-orchestrator /api/v1/payments/",
                            "payment-orchestrator /health",
                            "payment-orchestrator /pay/");
        }
    }

    @Test
    void theServicesUseARegistryOnPostgresqlWhoseRuleIsSetToBackward() {
        for (RenderedManifests render : renders) {
            Map<String, Object> registry =
                    render.find("Deployment", "apicurio-registry").orElseThrow();
            assertThat(render.find("Service", "apicurio-registry"))
                    .as("%s: registry Service", render.name())
                    .isPresent();
            assertThat(render.configMapData("tracknow-config").get("SCHEMA_REGISTRY_URL"))
                    .as("%s: registry URL", render.name())
                    .isEqualTo("http://apicurio-registry:8080/apis/registry/v3");
            String configMap = (String) at(
                    list(list(podSpec(registry).get("containers")).getFirst().get("envFrom"))
                            .getFirst(),
                    "configMapRef",
                    "name");
            assertThat(map(render.find("ConfigMap", configMap).orElseThrow().get("data")))
                    .as("%s: registry storage", render.name())
                    .containsEntry("APICURIO_STORAGE_SQL_KIND", "postgresql");
            assertThat(render.ofKind("Job"))
                    .as("%s: a Job sets the global BACKWARD rule", render.name())
                    .anyMatch(job -> String.valueOf(list(podSpec(job).get("containers"))
                                    .getFirst()
                                    .get("args"))
                            .contains("{\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}"));
        }
    }

    private static Map<String, Integer> partitionsByTopic(RenderedManifests render) {
        Map<String, Integer> partitions = new HashMap<>();
        for (Map<String, Object> topic : render.ofKind("KafkaTopic")) {
            Object name = at(topic, "spec", "topicName");
            partitions.put(name == null ? nameOf(topic) : (String) name, (Integer) at(topic, "spec", "partitions"));
        }
        return partitions;
    }

    private static Set<String> secretsReferenced(RenderedManifests render) {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> workload : Stream.of("Deployment", "StatefulSet", "Job")
                .flatMap(k -> render.ofKind(k).stream())
                .toList()) {
            Map<String, Object> pod = podSpec(workload);
            list(pod.get("volumes"))
                    .forEach(v ->
                            Optional.ofNullable(at(v, "secret", "secretName")).ifPresent(n -> names.add((String) n)));
            for (Map<String, Object> container : list(pod.get("containers"))) {
                list(container.get("envFrom"))
                        .forEach(s ->
                                Optional.ofNullable(at(s, "secretRef", "name")).ifPresent(n -> names.add((String) n)));
                list(container.get("env"))
                        .forEach(e -> Optional.ofNullable(at(e, "valueFrom", "secretKeyRef", "name"))
                                .ifPresent(n -> names.add((String) n)));
            }
        }
        return names;
    }

    /** The keys of deploy/secrets/&lt;name&gt;.env.example: what the Secret holds once created from it. */
    private static Set<String> exampleKeys(String secret) {
        try {
            Set<String> keys = new TreeSet<>();
            for (String line : Files.readAllLines(repository.resolve("deploy/secrets/" + secret + ".env.example"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    keys.add(line.substring(0, line.indexOf('=')));
                }
            }
            return keys;
        } catch (IOException e) {
            throw new AssertionError("no example of Secret " + secret, e);
        }
    }

    /**
     * Service name -> the (consumer group, topic) of each of its {@link TopicListener}s, read from the compiled code:
     * the group is the service's name (its {@code spring.application.name}), the topic the {@code Topics} constant its
     * constructor hands to {@code super}.
     */
    private static Map<String, Set<Consumption>> kafkaListenersByService() {
        Map<String, Set<Consumption>> consumed = new HashMap<>();
        for (JavaClass type : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("test-classes"))
                .importPackages("io.tracknow")) {
            if (!type.isAssignableTo(TopicListener.class) || type.isEquivalentTo(TopicListener.class)) {
                continue;
            }
            String service = ServiceSpec.ALL.stream()
                    .filter(s ->
                            type.getPackageName().startsWith(s.application().getPackageName()))
                    .map(ServiceSpec::name)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(type.getName() + " listens to Kafka outside any service"));
            List<String> topics = type.getConstructors().stream()
                    .flatMap(constructor -> constructor.getFieldAccesses().stream())
                    .filter(access -> access.getTargetOwner().isEquivalentTo(Topics.class))
                    .map(access -> Topics.ALL.stream()
                            .filter(t -> topicConstant(access.getTarget().getName()) == t)
                            .findFirst()
                            .orElseThrow()
                            .name())
                    .toList();
            assertThat(topics)
                    .as("the topic %s hands to its super constructor", type.getName())
                    .hasSize(1);
            consumed.computeIfAbsent(service, s -> new HashSet<>()).add(new Consumption(service, topics.getFirst()));
        }
        assertThat(consumed).as("TopicListeners found in the services").isNotEmpty();
        return consumed;
    }

    private static Topic<?> topicConstant(String field) {
        try {
            return (Topic<?>) Topics.class.getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Topics." + field, e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/base/kustomization.yaml"))) {
                return dir;
            }
        }
        throw new AssertionError(
                "no deploy/base/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }
}
