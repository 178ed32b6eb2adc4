package io.huiketang.kit.metrics;

import java.time.Duration;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Latency buckets on the HTTP server's request timer, so Prometheus can compute percentiles across
 * replicas ({@code histogram_quantile(0.99, ...http_server_requests_seconds_bucket...)}: the p99 alert
 * and dashboards of k8s/). A fixed, small set of bounds rather than Micrometer's percentile histogram
 * (some 70 buckets per route and status): enough to tell 25 ms from 10 s, cheap to scrape.
 */
public class HttpServerHistogram {

    static final Duration[] BOUNDS = {
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10) };

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName())) {
                    return config;
                }
                double[] nanos = new double[BOUNDS.length];
                for (int i = 0; i < BOUNDS.length; i++) {
                    nanos[i] = BOUNDS[i].toNanos();
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
