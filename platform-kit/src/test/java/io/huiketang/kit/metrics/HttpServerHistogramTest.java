package io.huiketang.kit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The HTTP server's request timer gets the latency buckets the p99 alert needs; other timers do not. */
class HttpServerHistogramTest {

    @Test
    void requestsAreCountedInLatencyBuckets() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new HttpServerHistogram().httpServerBuckets());
        Timer requests = registry.timer("http.server.requests", "uri", "/api/v1/meetings", "status", "200");
        requests.record(Duration.ofMillis(30));
        requests.record(Duration.ofMillis(700));

        CountAtBucket[] buckets = requests.takeSnapshot().histogramCounts();
        assertEquals(HttpServerHistogram.BOUNDS.length, buckets.length);
        assertEquals(0, countAt(buckets, 0.025), "none under 25 ms");
        assertEquals(1, countAt(buckets, 0.05));
        assertEquals(1, countAt(buckets, 0.5));
        assertEquals(2, countAt(buckets, 1.0));

        Timer other = registry.timer("huiketang.outbox.relay.lag");
        other.record(Duration.ofMillis(30));
        assertEquals(0, other.takeSnapshot().histogramCounts().length);
    }

    private static double countAt(CountAtBucket[] buckets, double seconds) {
        for (CountAtBucket bucket : buckets) {
            if (Math.abs(bucket.bucket(TimeUnit.SECONDS) - seconds) < 1e-9) {
                return bucket.count();
            }
        }
        throw new AssertionError("no bucket at " + seconds + "s");
    }
}
