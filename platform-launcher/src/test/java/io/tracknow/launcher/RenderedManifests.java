package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The objects that {@code kubectl kustomize <dir>} renders from one kustomization under deploy/, as
 * plain maps, with the few look-ups the manifest checks need.
 */
record RenderedManifests(String name, List<Map<String, Object>> objects) {

    /** The kubectl on the PATH (or /usr/bin/kubectl), if there is one. */
    static Optional<Path> kubectl() {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.add("/usr/bin");
        return dirs.stream()
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static RenderedManifests render(Path kubectl, Path deploy, String kustomization) {
        try {
            Process process = new ProcessBuilder(
                            kubectl.toString(),
                            "kustomize",
                            deploy.resolve(kustomization).toString())
                    .redirectErrorStream(false)
                    .start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String yaml = read(process.getInputStream());
            assertThat(process.waitFor(2, TimeUnit.MINUTES))
                    .as("kubectl kustomize %s finishes", kustomization)
                    .isTrue();
            assertThat(process.exitValue())
                    .as("kubectl kustomize %s: %s", kustomization, errors.join())
                    .isZero();
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
                if (document != null) {
                    objects.add(map(document));
                }
            }
            return new RenderedManifests(kustomization, List.copyOf(objects));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String objectName) {
        return ofKind(kind).stream().filter(o -> objectName.equals(nameOf(o))).findFirst();
    }

    /** The data of the ConfigMap the kustomization generated under this name (its name carries a hash suffix). */
    Map<String, Object> configMapData(String generatedName) {
        return ofKind("ConfigMap").stream()
                .filter(o -> nameOf(o).equals(generatedName) || nameOf(o).startsWith(generatedName + "-"))
                .findFirst()
                .map(o -> map(o.get("data")))
                .orElseThrow(() -> new AssertionError(name + ": no ConfigMap " + generatedName));
    }

    static String nameOf(Map<String, Object> object) {
        return (String) at(object, "metadata", "name");
    }

    /** The value at a path of map keys, or null where the path ends early. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }

    /** The pod spec of a Deployment, StatefulSet or Job. */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return Objects.requireNonNull(map(at(workload, "spec", "template", "spec")), "pod spec of " + nameOf(workload));
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
