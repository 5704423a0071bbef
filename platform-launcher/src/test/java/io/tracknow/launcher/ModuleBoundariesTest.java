package io.tracknow.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the services separable: a service never uses another service's code (they
 * talk through topics), production code never uses the embedded test infrastructure, the schemas and
 * money modules stay free of Spring, and the two shared service modules keep to their jobs:
 * reliable-messaging (io.tracknow.messaging) knows nothing of HTTP, http-api (io.tracknow.web) nothing
 * of the inbox and outbox, and neither knows any service.
 */
class ModuleBoundariesTest {

    private static final List<String> SERVICES = List.of(
            "io.tracknow.gateway",
            "io.tracknow.attribution",
            "io.tracknow.commission",
            "io.tracknow.payment",
            "io.tracknow.notification");
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // in a `verify` build the modules arrive as jars: keep them, leave out test jars and test classes
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("test-classes"))
                .importPackages("io.tracknow");
    }

    @Test
    void noServiceUsesAnotherServicesCode() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream()
                    .filter(s -> !s.equals(service))
                    .map(s -> s + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(service + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(production);
        }
    }

    /**
     * Inside each service and shared module, packages depend on each other in one direction only: a
     * cycle means two packages are one job split in two, or one job done in two places.
     */
    @Test
    void noPackageCycleInsideAnyModule() {
        List<String> modules = new ArrayList<>(SERVICES);
        modules.add("io.tracknow.messaging");
        modules.add("io.tracknow.web");
        List<String> violations = new ArrayList<>();
        for (String module : modules) {
            EvaluationResult result = slices().matching(module + ".(*)..")
                    .namingSlices(module + ".$1")
                    .should()
                    .beFreeOfCycles()
                    .evaluate(production);
            if (result.hasViolation()) {
                violations.add(result.getFailureReport().toString());
            }
        }
        assertThat(violations).as("package cycles").isEmpty();
    }

    @Test
    void servicesAndSharedModulesNeverUseTheEmbeddedInfrastructure() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.tracknow.gateway..",
                        "io.tracknow.attribution..",
                        "io.tracknow.commission..",
                        "io.tracknow.payment..",
                        "io.tracknow.notification..",
                        "io.tracknow.messaging..",
                        "io.tracknow.web..",
                        "io.tracknow.money..",
                        "io.tracknow.secrets..",
                        "io.tracknow.schemas..",
                        "io.tracknow.events..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.tracknow.embedded..")
                .check(production);
    }

    @Test
    void schemasMoneyAndSecretsStayFreeOfSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.tracknow.schemas..", "io.tracknow.events..", "io.tracknow.money..", "io.tracknow.secrets..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework..")
                .check(production);
    }

    @Test
    void messagingAndTheWebModuleKeepToTheirJobs() {
        String[] services = SERVICES.stream().map(s -> s + "..").toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage("io.tracknow.messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.tracknow.web..", "org.springframework.web..", "org.springframework.http.server..")
                .check(production);
        noClasses()
                .that()
                .resideInAPackage("io.tracknow.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.tracknow.messaging..")
                .check(production);
        noClasses()
                .that()
                .resideInAnyPackage("io.tracknow.messaging..", "io.tracknow.web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(services)
                .check(production);
    }
}
