package io.huiketang.meeting.telemetry;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One report of a client, of one kind (its {@code kind} property). The schema is strict: it is read
 * with unknown properties refused (see {@link StrictJson}), so nothing else, call content least of
 * all, can be sent along; every field is bounded.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TelemetryReport.Quality.class, name = "QUALITY"),
        @JsonSubTypes.Type(value = TelemetryReport.Device.class, name = "DEVICE"),
        @JsonSubTypes.Type(value = TelemetryReport.Crash.class, name = "CRASH"),
        @JsonSubTypes.Type(value = TelemetryReport.Traffic.class, name = "TRAFFIC"),
        @JsonSubTypes.Type(value = TelemetryReport.Operation.class, name = "OPERATION") })
@Schema(oneOf = { TelemetryReport.Quality.class, TelemetryReport.Device.class, TelemetryReport.Crash.class,
        TelemetryReport.Traffic.class, TelemetryReport.Operation.class })
public sealed interface TelemetryReport {

    String APP_VERSION = "[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}";

    /** When the client measured, crashed or acted (for traffic: the end of the counted period). */
    Instant occurredAt();

    TelemetryKind kind();

    enum NetworkType {
        WIFI, CELLULAR, ETHERNET, OTHER
    }

    enum OperationResult {
        SUCCESS, FAILURE, CANCELLED
    }

    @Schema(name = "QualityReport", description = "Media quality measured during a meeting")
    record Quality(
            @NotNull Instant occurredAt,
            UUID meetingId,
            @Schema(description = "Audio volume level, 0-100") @Min(0) @Max(100) Integer audioVolume,
            @Schema(description = "Video (playback) volume level, 0-100") @Min(0) @Max(100) Integer videoVolume,
            @NotNull @DecimalMin("0") @DecimalMax("100") Double packetLossPercent,
            @NotNull @Min(0) @Max(60_000) Integer jitterMs,
            @Min(0) @Max(1_000_000) Integer bitrateKbps) implements TelemetryReport {
        @Override
        public TelemetryKind kind() {
            return TelemetryKind.QUALITY;
        }
    }

    @Schema(name = "DeviceReport", description = "The device and network; identifiers are stored only as keyed hashes")
    record Device(
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = 64) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String deviceModel,
            @NotNull @Pattern(regexp = "[A-Za-z][A-Za-z0-9 ._-]{0,31}") String osName,
            @NotNull @Pattern(regexp = "[0-9A-Za-z][0-9A-Za-z ._()-]{0,31}") String osVersion,
            @NotNull NetworkType networkType,
            @Pattern(regexp = APP_VERSION) String appVersion,
            @Schema(description = "14 to 16 digits") @Pattern(regexp = DeviceIds.IMEI) String imei,
            @Schema(description = "Six hex octets, separated by ':' or '-' or not") @Pattern(regexp = DeviceIds.MAC)
            String mac,
            @Schema(description = "16 hex digits") @Pattern(regexp = DeviceIds.ANDROID_ID) String androidId)
            implements TelemetryReport {
        @Override
        public TelemetryKind kind() {
            return TelemetryKind.DEVICE;
        }
    }

    @Schema(name = "CrashReport", description = "A crash of the app: when, which version, its stack hash")
    record Crash(
            @NotNull Instant occurredAt,
            @NotNull @Pattern(regexp = APP_VERSION) String appVersion,
            @Schema(description = "Hash of the crashing stack, 8-64 hex digits")
            @NotNull @Pattern(regexp = "[0-9a-fA-F]{8,64}") String signature,
            @Size(max = 500) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
            String message) implements TelemetryReport {
        @Override
        public TelemetryKind kind() {
            return TelemetryKind.CRASH;
        }
    }

    @Schema(name = "TrafficReport", description = "Bytes sent and received over a period")
    record Traffic(
            @NotNull Instant periodStart,
            @Schema(description = "End of the period, after its start") @NotNull Instant periodEnd,
            UUID meetingId,
            @NotNull @Min(0) @Max(10_000_000_000_000L) Long bytesSent,
            @NotNull @Min(0) @Max(10_000_000_000_000L) Long bytesReceived) implements TelemetryReport {
        @Override
        public Instant occurredAt() {
            return periodEnd;
        }

        @Override
        public TelemetryKind kind() {
            return TelemetryKind.TRAFFIC;
        }
    }

    @Schema(name = "OperationReport", description = "An entry of the client's operation log")
    record Operation(
            @NotNull Instant occurredAt,
            @Schema(description = "What was done, e.g. meeting.join, audio.mute: lower-case words joined by . _ -")
            @NotNull @Size(max = 64) @Pattern(regexp = "[a-z][a-z0-9]*([._-][a-z0-9]+)*") String action,
            @NotNull OperationResult result,
            @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") String errorCode,
            UUID meetingId) implements TelemetryReport {
        @Override
        public TelemetryKind kind() {
            return TelemetryKind.OPERATION;
        }
    }
}
