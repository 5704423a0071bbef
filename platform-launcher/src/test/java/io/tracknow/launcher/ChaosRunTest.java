package io.tracknow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chaos run, reduced (README: {@code ./platform chaos --quick}): 300 webhooks across TikTok and
 * Shopify merchants in four currencies, with cancellations, partial refunds and redeliveries, into the
 * platform as deployed (separate processes, commission-service twice) while one commission-service
 * instance is killed with SIGKILL and restarted. Nothing may be lost or done twice, and the balances
 * must equal what the script computed from what it sent. The full run (10,000 webhooks, every fault)
 * is {@code ./platform chaos}; its figures are in deploy/README.md.
 */
class ChaosRunTest {

    @Test
    void aSigkilledInstanceLosesNothingAndDoublesNothing() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ChaosRun.Figures figures;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            figures = ChaosRun.run(ChaosRun.Options.parse(List.of("--quick")), out);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(figures.faults())
                .as(output)
                .anyMatch(f -> f.contains("SIGKILL commission-service"))
                .anyMatch(f -> f.contains("commission-service restarted"));
        assertThat(figures.accepted()).as(output).isEqualTo(300);
        assertThat(figures.rejected()).as(output).isZero();
        assertThat(figures.lost()).as(output).isZero();
        assertThat(figures.duplicated()).as(output).isZero();
        assertThat(figures.deadLetters()).as(output).isZero();
        assertThat(figures.outboxRows()).as(output).isZero();
        assertThat(figures.balanceDifferences()).as(output).isEmpty();
        assertThat(figures.influencerBalances()).as(output).isGreaterThan(10);
        assertThat(figures.ledgerImbalances()).as(output).isEmpty();
        assertThat(figures.redelivered()).as("identical redeliveries were sent").isPositive();
        assertThat(figures.redeliveriesNotAnsweredDuplicate()).as(output).isZero();
        assertThat(figures.clean()).isTrue();
        assertThat(output).contains("RESULT: nothing lost, nothing doubled, the money adds up");
    }

    @Test
    void refusesOptionsItDoesNotKnow() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChaosRun.Options.parse(List.of("--webhooks", "-3")))
                .hasMessageContaining("positive whole number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChaosRun.Options.parse(List.of("--rate")))
                .hasMessageContaining("needs a number");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChaosRun.Options.parse(List.of("--loud")))
                .hasMessageContaining("unknown option --loud");
    }
}
