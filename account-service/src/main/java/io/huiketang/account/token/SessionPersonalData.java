package io.huiketang.account.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.privacy.PersonalDataSection;

/**
 * A person's sessions and refresh tokens. Erasure first revokes the open sessions (their access
 * tokens are refused at once), then deletes sessions and refresh tokens. A refresh token's hash is
 * a credential, not information about the person: the export shows only its dates.
 */
@ApplicationScoped
public class SessionPersonalData implements PersonalDataSection {

    public record RefreshTokenExport(Instant issuedAt, Instant expiresAt, Instant usedAt) {
    }

    public record SessionExport(String id, String authMethod, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
            String revokeReason, List<RefreshTokenExport> refreshTokens) {
    }

    private final Sessions sessions;
    private final ObjectMapper json;

    SessionPersonalData(Sessions sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public JsonNode export(UUID accountId) {
        List<SessionExport> export = Session.<Session>list("accountId = ?1 order by createdAt", accountId).stream()
                .map(s -> new SessionExport(s.id.toString(), s.authMethod, s.createdAt, s.lastUsedAt, s.revokedAt,
                        s.revokeReason, RefreshToken.<RefreshToken>list("sessionId = ?1 order by issuedAt", s.id)
                                .stream().map(t -> new RefreshTokenExport(t.issuedAt, t.expiresAt, t.usedAt)).toList()))
                .toList();
        return json.valueToTree(export);
    }

    @Override
    public Map<String, Long> erase(UUID accountId) {
        sessions.revokeAll(accountId, Sessions.RevokeReason.ACCOUNT_CANCELLED);
        long refreshTokens = RefreshToken.delete("sessionId in (select s.id from Session s where s.accountId = ?1)",
                accountId);
        long deleted = Session.delete("accountId", accountId);
        return Map.of("refresh_token", refreshTokens, "session", deleted);
    }

    @Override
    public int eraseOrder() {
        return 10;
    }
}
