package io.huiketang.meeting.telemetry;

import java.time.Duration;

/** The kinds of report a client sends (MTG-6); each is kept for its own retention period. */
public enum TelemetryKind {
    QUALITY, DEVICE, CRASH, TRAFFIC, OPERATION;

    Duration retention(TelemetryConfig.Retention retention) {
        return switch (this) {
            case QUALITY -> retention.quality();
            case DEVICE -> retention.device();
            case CRASH -> retention.crash();
            case TRAFFIC -> retention.traffic();
            case OPERATION -> retention.operation();
        };
    }
}
