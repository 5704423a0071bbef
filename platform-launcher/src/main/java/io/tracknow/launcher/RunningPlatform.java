package io.tracknow.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where a running platform's broker and registry are, so that commands run beside it ({@code tail})
 * find them: {@code start} writes them to {@code <state dir>/platform.properties} and deletes the file
 * when it stops. The embedded broker's port is chosen by Kafka's test kit, so it cannot be a fixed
 * default. The state directory is {@code TRACKNOW_STATE_DIR}, or {@code .tracknow} under the working
 * directory (the repository root for {@code ./platform}). {@code KAFKA_BOOTSTRAP_SERVERS} and
 * {@code SCHEMA_REGISTRY_URL} (the services' own variables) take precedence, to reach any other
 * deployment.
 */
record RunningPlatform(String bootstrapServers, String registryApiUrl) {

    static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    static final String REGISTRY_ENV = "SCHEMA_REGISTRY_URL";
    private static final String BOOTSTRAP_KEY = "kafka.bootstrap-servers";
    private static final String REGISTRY_KEY = "schema-registry.api-url";

    static Path stateFile(Function<String, String> env) {
        String dir = env.apply("TRACKNOW_STATE_DIR");
        return Path.of(dir == null || dir.isBlank() ? ".tracknow" : dir.trim()).resolve("platform.properties");
    }

    /** Records this platform's addresses; returns the file, to delete on stop. */
    Path write(Function<String, String> env) {
        Path file = stateFile(env);
        Properties properties = new Properties();
        properties.setProperty(BOOTSTRAP_KEY, bootstrapServers);
        properties.setProperty(REGISTRY_KEY, registryApiUrl);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(out, "written by ./platform start; deleted when it stops");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.toAbsolutePath(), e);
        }
    }

    /**
     * The platform to talk to: the environment's variables when both are set, else the state file of
     * a running {@code ./platform start}; empty when neither is there.
     */
    static Optional<RunningPlatform> find(Function<String, String> env) {
        String bootstrap = env.apply(BOOTSTRAP_ENV);
        String registry = env.apply(REGISTRY_ENV);
        if (present(bootstrap) && present(registry)) {
            return Optional.of(new RunningPlatform(bootstrap.trim(), registry.trim()));
        }
        Path file = stateFile(env);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
        String fileBootstrap = properties.getProperty(BOOTSTRAP_KEY);
        String fileRegistry = properties.getProperty(REGISTRY_KEY);
        if (!present(fileBootstrap) || !present(fileRegistry)) {
            throw new IllegalStateException(file.toAbsolutePath() + " lacks " + BOOTSTRAP_KEY + " or " + REGISTRY_KEY);
        }
        return Optional.of(new RunningPlatform(
                present(bootstrap) ? bootstrap.trim() : fileBootstrap,
                present(registry) ? registry.trim() : fileRegistry));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
