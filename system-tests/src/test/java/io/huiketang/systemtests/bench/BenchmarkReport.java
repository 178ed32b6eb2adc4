package io.huiketang.systemtests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows of one benchmark (or of the figures of a fault test), written as a Markdown section that dev/bench gathers into docs/benchmarks.md. */
public final class BenchmarkReport {

    private final String title;
    private final String notes;
    private final List<String> rows = new ArrayList<>();

    public BenchmarkReport(String title, String notes) {
        this.title = title;
        this.notes = notes;
    }

    void latency(String what, Latencies latencies) {
        rows.add(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |", what, latencies.count(),
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.meanMillis()));
    }

    public void figure(String what, String value) {
        rows.add("| " + what + " | " + value + " | | | |");
    }

    public void write(String fileName) throws IOException {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n").append(notes).append("\n\n")
                .append("| measurement | n | p50 ms | p99 ms | mean ms |\n|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        writeMarkdown(fileName, md.append('\n').toString());
    }

    /** A section of docs/benchmarks.md written as it is (a benchmark with tables of its own). */
    static void writeMarkdown(String fileName, String markdown) throws IOException {
        Path out = Path.of(System.getProperty("huiketang.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve(fileName), markdown);
        System.out.println(markdown);
    }
}
