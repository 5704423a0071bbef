package io.tracknow.embedded;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the unpacked Apicurio Registry distribution: {@code APICURIO_REGISTRY_HOME} (or the system
 * property {@code apicurio.registry.home}) when set, else {@code embedded-infra/target/apicurio-registry}
 * in this checkout, searched upwards from the working directory.
 */
final class RegistryHome {

    private static final String LAUNCHER = "quarkus-run.jar";

    private RegistryHome() {}

    static Path locate() {
        String configured = System.getProperty("apicurio.registry.home", System.getenv("APICURIO_REGISTRY_HOME"));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (Files.exists(home.resolve(LAUNCHER))) {
                return home;
            }
            throw new IllegalStateException("APICURIO_REGISTRY_HOME=" + configured + " has no " + LAUNCHER);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("embedded-infra/target/apicurio-registry");
            if (Files.exists(candidate.resolve(LAUNCHER))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Apicurio Registry distribution found: build the embedded-infra module"
                + " (./mvnw -pl embedded-infra -am package) or set APICURIO_REGISTRY_HOME");
    }
}
