package io.huiketang.meeting.connection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.ErasureReceipt;
import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * The person's connection log entries. Erasure deletes what the law no longer requires and keeps the
 * rest (marked so the purge job deletes each entry at the legal minimum), reported as a legal hold
 * until the newest kept entry is purged.
 */
@ApplicationScoped
public class ConnectionLogDataSection implements PersonalDataSection {

    public static final String DATASET = "connection_log";
    public static final String HOLD_REASON = "network log: kept at least 180 days (网络安全法)";

    public record Connection(String ip, Instant connectedAt, String meetingId, String region) {
    }

    private final ObjectMapper json;
    private final ConnectionLogs logs;

    ConnectionLogDataSection(ObjectMapper json, ConnectionLogs logs) {
        this.json = json;
        this.logs = logs;
    }

    @Override
    public String name() {
        return "connectionLog";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<Connection> connections = ConnectionLog.<ConnectionLog>list("accountId = ?1 order by connectedAt", accountId)
                .stream()
                .map(c -> new Connection(c.ip, c.connectedAt, c.meetingId.toString(), c.region))
                .toList();
        return json.valueToTree(connections);
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        Instant legalCutoff = Instant.now().minus(ConnectionLogs.LEGAL_MINIMUM);
        long deleted = ConnectionLog.delete("accountId = ?1 and connectedAt < ?2", accountId, legalCutoff);
        ConnectionLog.update("erasureRequested = true where accountId = ?1", accountId);
        return Map.of(DATASET, deleted);
    }

    /** Asked before {@link #erase}: the entries still inside the legal minimum, held until the newest is purged. */
    @Override
    public List<ErasureReceipt.LegalHold> legalHolds(UUID accountId) {
        Instant legalCutoff = Instant.now().minus(ConnectionLogs.LEGAL_MINIMUM);
        Instant newest = ConnectionLog.getEntityManager()
                .createQuery("select max(c.connectedAt) from ConnectionLog c where c.accountId = ?1 and c.connectedAt >= ?2",
                        Instant.class)
                .setParameter(1, accountId)
                .setParameter(2, legalCutoff)
                .getSingleResult();
        if (newest == null) {
            return List.of();
        }
        LocalDate until = LocalDate.ofInstant(logs.erasedBy(newest), ZoneOffset.UTC);
        return List.of(new ErasureReceipt.LegalHold(DATASET, HOLD_REASON, until));
    }
}
