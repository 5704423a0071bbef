package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables a service reads: the {@code ${VARIABLE}}s of its own configuration file and
 * of the shared messaging defaults, plus Spring Boot's own (relaxed-binding {@code SERVER_*},
 * {@code SPRING_*}, {@code MANAGEMENT_*}). Deployments (Kubernetes, compose) are checked against it so
 * that no service is given a variable it ignores or lacks one it needs.
 */
final class ServiceVariables {

    private static final Pattern SPRING_BOOT_VARIABLE = Pattern.compile("(SERVER|SPRING|MANAGEMENT)_[A-Z0-9_]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)([:}])");

    private final Set<String> read = new TreeSet<>();
    private final Set<String> required = new TreeSet<>();

    private ServiceVariables(String service) {
        for (String file : List.of(service + ".yml", "messaging-defaults.yml")) {
            try (InputStream in = ServiceVariables.class.getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as("%s on the classpath", file).isNotNull();
                Matcher m = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    read.add(m.group(1));
                    if (m.group(2).equals("}")) {
                        required.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static ServiceVariables of(String service) {
        return new ServiceVariables(service);
    }

    /** Whether the service reads this variable. */
    boolean reads(String variable) {
        return read.contains(variable) || SPRING_BOOT_VARIABLE.matcher(variable).matches();
    }

    /** Variables without a default: the service cannot start without them. */
    Set<String> required() {
        return required;
    }
}
