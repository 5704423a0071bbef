package io.tracknow.commission.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The service refuses to start with a default plan that would take more than the whole sale. */
class CommissionPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommissionProperties.class)
    static class Bound {}

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void refusesToStartWhenTheDefaultRatesAddUpToMoreThanTheSale() {
        context.withPropertyValues(
                        "tracknow.commission.default-plan.influencer-rate-percent=80",
                        "tracknow.commission.default-plan.platform-rate-percent=20.0001",
                        "tracknow.commission.default-plan.hold-days=14")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining(
                                    "influencer-rate-percent + platform-rate-percent must be at most 100");
                });
    }

    @Test
    void startsWithRatesOfExactlyTheWholeSale() {
        context.withPropertyValues(
                        "tracknow.commission.default-plan.influencer-rate-percent=50",
                        "tracknow.commission.default-plan.platform-rate-percent=50",
                        "tracknow.commission.default-plan.hold-days=14")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started.getBean(CommissionProperties.class)
                                    .hold()
                                    .batchSize())
                            .isEqualTo(100);
                });
    }
}
