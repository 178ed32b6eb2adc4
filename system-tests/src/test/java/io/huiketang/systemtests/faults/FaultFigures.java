package io.huiketang.systemtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.huiketang.systemtests.bench.BenchmarkReport;

/** The figures the fault tests measure (drain and recovery times, traffic during an outage), in target/benchmarks/faults.md. */
final class FaultFigures {

    private static final BenchmarkReport REPORT = new BenchmarkReport("Fault tests (system-tests/faults)",
            "Measured by the fault tests on the machine that ran them; one row per figure, rewritten after each.");

    private FaultFigures() {
    }

    static synchronized void record(String what, Object value) {
        REPORT.figure(what, String.valueOf(value));
        try {
            REPORT.write("faults.md");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
