package io.tracknow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcCpuTest {

    @Test
    void readsUtimePlusStimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";

        assertThat(ProcCpu.parseTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void countsThisJvmsOwnCpuTime() {
        ProcCpu cpu = ProcCpu.fromGetconf();

        assertThat(cpu.ticks(ProcessHandle.current().pid())).isPresent();
        assertThat(cpu.ticks(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void countsPostgresProcessByProcessLeavingOutThoseThatEnded() {
        var before = java.util.Map.of(1L, 100L, 2L, 500L, 3L, 40L);
        var after = java.util.Map.of(1L, 130L, 3L, 45L, 4L, 7L); // 2 ended, 4 started

        assertThat(ProcCpu.postgresTicksBetween(before, after)).isEqualTo(30 + 5 + 7);
    }

    @Test
    void tellsABackendOfOneDatabaseByItsProcessTitle() {
        String backend = "postgres: 15/main: postgres tracknow_bench_ingest_gateway 127.0.0.1(4711) idle";

        assertThat(ProcCpu.servesDatabase(backend, "tracknow_bench_ingest_gateway"))
                .isTrue();
        assertThat(ProcCpu.servesDatabase(backend + " in transaction", "tracknow_bench_ingest_gateway"))
                .isTrue();
        // another database whose name starts the same, the server's own processes, the postmaster
        assertThat(ProcCpu.servesDatabase(backend, "tracknow_bench_ingest")).isFalse();
        assertThat(ProcCpu.servesDatabase("postgres: 15/main: walwriter", "tracknow_bench_ingest_gateway"))
                .isFalse();
        assertThat(ProcCpu.servesDatabase(
                        "/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib/postgresql/15/main\0",
                        "tracknow_bench_ingest_gateway"))
                .isFalse();
    }

    @Test
    void tellsMillisecondsFromTicks() {
        assertThat(new ProcCpu(100).millis(250)).isEqualTo(2500.0);
    }
}
