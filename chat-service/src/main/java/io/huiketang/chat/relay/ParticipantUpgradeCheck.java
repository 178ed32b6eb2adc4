package io.huiketang.chat.relay;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.chat.membership.Membership;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Only current participants of the meeting may open its chat: refused at the upgrade, after the
 * token was verified (quarkus-oidc and platform-kit's revoked-session check), with the reason in the
 * {@code Huiketang-Refusal} header (a refused upgrade has no body a WebSocket client could read).
 */
@ApplicationScoped
public class ParticipantUpgradeCheck implements HttpUpgradeCheck {

    public static final String REFUSAL_HEADER = "Huiketang-Refusal";

    private final Membership membership;
    private final ChatMetrics metrics;

    ParticipantUpgradeCheck(Membership membership, ChatMetrics metrics) {
        this.membership = membership;
        this.metrics = metrics;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        UUID meetingId;
        try {
            meetingId = UUID.fromString(context.pathParam("meetingId"));
        } catch (IllegalArgumentException e) {
            return refuse(400, "invalid-meeting-id", "meetingId: not a UUID.");
        }
        return context.securityIdentity().chain(identity -> {
            if (identity.isAnonymous()) {
                return refuse(401, "unauthenticated", "A valid access token is required.");
            }
            UUID accountId;
            try {
                accountId = UUID.fromString(identity.getPrincipal().getName());
            } catch (IllegalArgumentException e) {
                return refuse(401, "unauthenticated", "A valid access token is required.");
            }
            return membership.isParticipant(meetingId, accountId).chain(participant -> participant
                    ? CheckResult.permitUpgrade()
                    : refuse(403, "not-a-participant", "Only current participants of this meeting may join its chat."));
        });
    }

    private Uni<CheckResult> refuse(int status, String reason, String detail) {
        metrics.refused("upgrade-" + reason);
        return CheckResult.rejectUpgrade(status, Map.of(REFUSAL_HEADER, List.of(reason + "; " + detail)));
    }
}
