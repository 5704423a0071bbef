package io.tracknow.messaging.testsupport;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * For a test class annotated {@link ServiceIntegrationTest}: adds {@link TestInfra#properties} of its
 * service to the environment, below the test's own inlined properties (which may override them) and
 * above the service's configuration files. Registered in this test-jar's {@code META-INF/spring.factories}.
 */
public class ServiceInfraCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        ServiceIntegrationTest test =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, ServiceIntegrationTest.class);
        return test == null ? null : new ServiceInfra(test.service());
    }

    /** A record, so that the contexts of test classes of one service are one cached context. */
    record ServiceInfra(String service) implements ContextCustomizer {

        static final String SOURCE = "tracknow test infrastructure";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            MapPropertySource infra = new MapPropertySource(SOURCE, TestInfra.properties(service));
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
                sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, infra);
            } else {
                sources.addFirst(infra);
            }
        }
    }
}
