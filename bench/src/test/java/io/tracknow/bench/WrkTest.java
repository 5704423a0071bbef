package io.tracknow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkTest {

    @Test
    void readsTheScriptsFiguresAndWrksCpuTimeWhileItSent() {
        String line = "accepted=3000 other=2 exhausted=0 duration_us=10000000 requests=3002 p50_us=1500 p99_us=9000"
                + " max_us=20000 connect_errors=0 read_errors=1 write_errors=0 timeouts=3 cpu_loaded_ticks=120"
                + " cpu_done_ticks=495";

        Wrk.Result result = Wrk.parse(line, new ProcCpu(100));

        assertThat(result.acceptedPerSecond()).isEqualTo(300.0);
        assertThat(result.other()).isEqualTo(2);
        assertThat(result.p50Millis()).isEqualTo(1.5);
        assertThat(result.p99Millis()).isEqualTo(9.0);
        assertThat(result.socketErrors()).isEqualTo(1);
        assertThat(result.timeouts()).isEqualTo(3);
        assertThat(result.exhausted()).isFalse();
        assertThat(result.wrkCpuSeconds()).isCloseTo(3.75, within(1e-9));
    }
}
