package io.tracknow.messaging.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A service started whole for a test, on a random port, against the real components: the test JVM's
 * shared Kafka broker and schema registry ({@link TestInfra}) and the service's own fresh PostgreSQL
 * database, with the outbox and retries made quick. Replaces a {@code @SpringBootTest} plus a
 * {@code @DynamicPropertySource} that registers the same infrastructure in every test class
 * ({@link ServiceInfraCustomizerFactory} does it, once per service, so test classes of one service share
 * a context).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public @interface ServiceIntegrationTest {

    /** The service under test, one of {@code SharedTestInfra.SERVICES}: names its database. */
    String service();

    /** The application class and any test configuration, as {@link SpringBootTest#classes()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {};

    /** Extra properties, as {@link SpringBootTest#properties()}; they win over the infrastructure's. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};
}
