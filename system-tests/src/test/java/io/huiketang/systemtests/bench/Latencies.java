package io.huiketang.systemtests.bench;

import java.util.Arrays;

/** Latencies of one measured operation, in nanoseconds, with their percentiles. */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            record(other.samples[i]);
        }
    }

    int count() {
        return count;
    }

    /** The p-th percentile in milliseconds (p in 0..100). */
    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1_000_000.0;
    }

    double meanMillis() {
        return Arrays.stream(samples, 0, count).average().orElse(0) / 1_000_000.0;
    }
}
