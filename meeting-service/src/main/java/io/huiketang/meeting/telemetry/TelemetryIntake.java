package io.huiketang.meeting.telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.kit.problem.ProblemException;
import io.huiketang.meeting.analytics.AnalyticsConsents;

/** Checks what bean validation cannot (times against the clock) and stores a batch in one transaction. */
@ApplicationScoped
public class TelemetryIntake {

    private final DeviceIds deviceIds;
    private final TelemetryConfig config;
    private final AnalyticsConsents analytics;

    TelemetryIntake(DeviceIds deviceIds, TelemetryConfig config, AnalyticsConsents analytics) {
        this.deviceIds = deviceIds;
        this.config = config;
        this.analytics = analytics;
    }

    /** How many reports were stored, and how many analytics reports were dropped (consent withdrawn). */
    public record Stored(int stored, int dropped) {
    }

    /**
     * Stores every report of the batch, or none when one is invalid. Analytics reports of a person
     * who withdrew analytics consent are validated like the others, then dropped: the client need not
     * know the choice to keep working, and the answer says how many were not stored.
     */
    @Transactional
    public Stored store(UUID accountId, List<TelemetryReport> reports, Instant now) {
        List<TelemetryRecord> records = new ArrayList<>(reports.size());
        Boolean analyticsGranted = null;
        int dropped = 0;
        for (int i = 0; i < reports.size(); i++) {
            TelemetryReport report = reports.get(i);
            requireTimely(report, "reports[" + i + "]", now);
            if (report.kind().analytics()) {
                if (analyticsGranted == null) {
                    analyticsGranted = analytics.granted(accountId);
                }
                if (!analyticsGranted) {
                    dropped++;
                    continue;
                }
            }
            records.add(recordOf(accountId, report, now));
        }
        TelemetryRecord.persist(records);
        return new Stored(records.size(), dropped);
    }

    /** A report older than its kind's retention would be purged at once; one far ahead of the clock is wrong. */
    private void requireTimely(TelemetryReport report, String at, Instant now) {
        Instant oldest = now.minus(report.kind().retention(config.retention()));
        Instant latest = now.plus(config.clockSkew());
        String field = report instanceof TelemetryReport.Traffic ? "periodEnd" : "occurredAt";
        if (report.occurredAt().isBefore(oldest) || report.occurredAt().isAfter(latest)) {
            throw ProblemException.invalidField(at + "." + field, "must lie between " + oldest + " and " + latest);
        }
        if (report instanceof TelemetryReport.Traffic traffic && !traffic.periodStart().isBefore(traffic.periodEnd())) {
            throw ProblemException.invalidField(at + ".periodStart", "must be before periodEnd");
        }
    }

    private TelemetryRecord recordOf(UUID accountId, TelemetryReport report, Instant now) {
        TelemetryRecord record = new TelemetryRecord();
        record.id = UUID.randomUUID();
        record.accountId = accountId;
        record.kind = report.kind();
        record.receivedAt = now;
        record.region = TelemetryRecord.RESIDENCY_REGION;
        record.occurredAt = report.occurredAt();
        if (report instanceof TelemetryReport.Quality quality) {
            record.meetingId = quality.meetingId();
            record.audioVolume = quality.audioVolume() == null ? null : quality.audioVolume().shortValue();
            record.videoVolume = quality.videoVolume() == null ? null : quality.videoVolume().shortValue();
            record.packetLossPercent = quality.packetLossPercent();
            record.jitterMs = quality.jitterMs();
            record.bitrateKbps = quality.bitrateKbps();
        } else if (report instanceof TelemetryReport.Device device) {
            record.deviceModel = device.deviceModel().strip();
            record.osName = device.osName();
            record.osVersion = device.osVersion();
            record.networkType = device.networkType().name();
            record.appVersion = device.appVersion();
            record.imeiHash = deviceIds.imeiHash(device.imei());
            record.macHash = deviceIds.macHash(device.mac());
            record.androidIdHash = deviceIds.androidIdHash(device.androidId());
        } else if (report instanceof TelemetryReport.Crash crash) {
            record.appVersion = crash.appVersion();
            record.crashSignature = crash.signature().toLowerCase(Locale.ROOT);
            record.crashMessage = crash.message();
        } else if (report instanceof TelemetryReport.Traffic traffic) {
            record.meetingId = traffic.meetingId();
            record.periodStart = traffic.periodStart();
            record.bytesSent = traffic.bytesSent();
            record.bytesReceived = traffic.bytesReceived();
        } else if (report instanceof TelemetryReport.Operation operation) {
            record.meetingId = operation.meetingId();
            record.action = operation.action();
            record.result = operation.result().name();
            record.errorCode = operation.errorCode();
        }
        return record;
    }
}
