package io.huiketang.meeting.telemetry;

import java.time.Duration;

/**
 * The kinds of report a client sends (MTG-6); each is kept for its own retention period. OPERATION
 * (which actions a person takes, with their results) serves analytics and product improvement and
 * follows the person's analytics consent; the others keep the service working and secure (quality,
 * device, crashes, traffic) and are needed whatever that consent.
 */
public enum TelemetryKind {
    QUALITY, DEVICE, CRASH, TRAFFIC, OPERATION;

    /** Whether reports of this kind are analytics, stored only while the person consents to it. */
    public boolean analytics() {
        return this == OPERATION;
    }

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
