package io.huiketang.meeting.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;
import io.quarkus.panache.common.Sort;

/**
 * A person's telemetry reports. The export shows device identifiers as what is stored, their keyed
 * hashes (the raw values were never kept); erasure deletes every report.
 */
@ApplicationScoped
public class TelemetryDataSection implements PersonalDataSection {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedReport(TelemetryKind kind, Instant receivedAt, String region, Instant occurredAt,
            UUID meetingId, Short audioVolume, Short videoVolume, Double packetLossPercent, Integer jitterMs,
            Integer bitrateKbps, String deviceModel, String osName, String osVersion, String networkType,
            String imeiHash, String macHash, String androidIdHash, String appVersion, String crashSignature,
            String crashMessage, Instant periodStart, Long bytesSent, Long bytesReceived, String action,
            String result, String errorCode) {

        static ExportedReport of(TelemetryRecord r) {
            return new ExportedReport(r.kind, r.receivedAt, r.region, r.occurredAt, r.meetingId, r.audioVolume,
                    r.videoVolume, r.packetLossPercent, r.jitterMs, r.bitrateKbps, r.deviceModel, r.osName,
                    r.osVersion, r.networkType, r.imeiHash, r.macHash, r.androidIdHash, r.appVersion,
                    r.crashSignature, r.crashMessage, r.periodStart, r.bytesSent, r.bytesReceived, r.action,
                    r.result, r.errorCode);
        }
    }

    private final ObjectMapper json;

    TelemetryDataSection(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "telemetry";
    }

    @Override
    public JsonNode export(UUID accountId) {
        return json.valueToTree(TelemetryRecord.<TelemetryRecord>list("accountId", Sort.by("receivedAt").and("id"),
                accountId).stream().map(ExportedReport::of).toList());
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        return Map.of("telemetry_record", TelemetryRecord.delete("accountId", accountId));
    }
}
