package io.huiketang.recording.cloud;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Gauges read from the database at each scrape, so every replica reports the same truth: recordings
 * running now and the cloud space used in total (no per-person label: metrics carry no personal data).
 */
@ApplicationScoped
public class RecordingMetrics {

    private final AgroalDataSource dataSource;

    RecordingMetrics(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("huiketang.recordings.active", this, m -> m.scalar("SELECT count(*) FROM recording WHERE status = 'RUNNING'"))
                .description("Recordings running now").register(registry);
        Gauge.builder("huiketang.recording.storage.used", this,
                m -> m.scalar("SELECT coalesce(sum(used_bytes), 0) FROM storage_usage"))
                .baseUnit("bytes").description("Cloud space used by every owner together").register(registry);
        // Registered at start (so it reads 0 before the first download); CloudRecordingResource counts
        io.micrometer.core.instrument.Counter.builder("huiketang.recording.downloads")
                .description("Download links handed out for cloud recordings").register(registry);
    }

    private double scalar(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
