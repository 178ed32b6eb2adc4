package io.huiketang.meeting.telemetry;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One stored report: the columns of its kind are set, the others null. Device ids only as hashes. */
@Entity
@Table(name = "telemetry_record")
public class TelemetryRecord extends PanacheEntityBase {

    /** Where this data resides: the service runs, and keeps its data, in mainland China. */
    public static final String RESIDENCY_REGION = "CN";

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TelemetryKind kind;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(nullable = false)
    public String region;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "meeting_id")
    public UUID meetingId;

    @Column(name = "audio_volume")
    public Short audioVolume;

    @Column(name = "video_volume")
    public Short videoVolume;

    @Column(name = "packet_loss_percent")
    public Double packetLossPercent;

    @Column(name = "jitter_ms")
    public Integer jitterMs;

    @Column(name = "bitrate_kbps")
    public Integer bitrateKbps;

    @Column(name = "device_model")
    public String deviceModel;

    @Column(name = "os_name")
    public String osName;

    @Column(name = "os_version")
    public String osVersion;

    @Column(name = "network_type")
    public String networkType;

    @Column(name = "imei_hash")
    public String imeiHash;

    @Column(name = "mac_hash")
    public String macHash;

    @Column(name = "android_id_hash")
    public String androidIdHash;

    @Column(name = "app_version")
    public String appVersion;

    @Column(name = "crash_signature")
    public String crashSignature;

    @Column(name = "crash_message")
    public String crashMessage;

    @Column(name = "period_start")
    public Instant periodStart;

    @Column(name = "bytes_sent")
    public Long bytesSent;

    @Column(name = "bytes_received")
    public Long bytesReceived;

    public String action;

    public String result;

    @Column(name = "error_code")
    public String errorCode;
}
