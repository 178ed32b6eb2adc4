package io.huiketang.meeting.media;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.huiketang.meeting.MeetingsConfig;
import io.huiketang.meeting.attendance.Attendance;
import io.huiketang.meeting.attendance.AttendanceSession;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.meeting.meeting.MeetingLifecycle;
import io.huiketang.kit.problem.ProblemException;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * LiveKit's signed webhooks keep attendance true to the media (MTG-7): a participant who joined
 * or left the room without the API, or a room that finished. A redelivered event changes nothing.
 */
@Path("/webhooks/livekit")
@Tag(name = "Media")
public class LiveKitWebhookResource {

    private static final Logger LOG = Logger.getLogger(LiveKitWebhookResource.class);

    private final WebhookReceiver receiver;
    private final Attendance attendance;
    private final MeetingLifecycle lifecycle;

    LiveKitWebhookResource(MeetingsConfig config, Attendance attendance, MeetingLifecycle lifecycle) {
        this.receiver = new WebhookReceiver(config.livekit().apiKey(), config.livekit().apiSecret());
        this.attendance = attendance;
        this.lifecycle = lifecycle;
    }

    @POST
    @Consumes({ "application/webhook+json", MediaType.APPLICATION_JSON })
    @Transactional
    @Operation(summary = "LiveKit webhook: participant joined or left, room finished (signed by LiveKit)")
    @APIResponse(responseCode = "204", description = "Applied, or a repeat")
    @APIResponse(responseCode = "401", description = "Missing or invalid signature")
    public void receive(byte[] body, @HeaderParam("Authorization") String authorization) {
        WebhookEvent event;
        try {
            // The signature covers the exact bytes; LiveKit sends UTF-8 without naming a charset
            event = receiver.receive(new String(body, StandardCharsets.UTF_8), authorization);
        } catch (RuntimeException e) {
            throw ProblemException.unauthorized("The webhook's signature is missing or does not match its body.");
        }
        int fresh = Meeting.getEntityManager().createNativeQuery(
                "INSERT INTO livekit_webhook (event_id, received_at) VALUES (?1, now()) ON CONFLICT DO NOTHING")
                .setParameter(1, event.getId()).executeUpdate();
        if (fresh == 0) {
            return;
        }
        Meeting meeting = Meeting.findOpenByNumber(event.getRoom().getName());
        if (meeting == null) {
            LOG.debugf("Webhook %s for a room with no open meeting", event.getEvent());
            return;
        }
        Instant at = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : Instant.now();
        switch (event.getEvent()) {
            case "participant_joined" -> joined(meeting, event, at);
            case "participant_left" -> left(meeting, event, at);
            case "room_finished" -> {
                if (meeting.status == Meeting.Status.STARTED) {
                    lifecycle.end(meeting, MeetingLifecycle.EndReason.MEDIA_ROOM_FINISHED, at);
                }
            }
            default -> LOG.debugf("Webhook %s ignored", event.getEvent());
        }
    }

    private void joined(Meeting meeting, WebhookEvent event, Instant at) {
        UUID accountId = accountOf(event);
        if (accountId != null && meeting.status == Meeting.Status.STARTED
                && AttendanceSession.findOpen(meeting.id, accountId) == null) {
            String name = event.getParticipant().getName().isBlank() ? "参会者" : event.getParticipant().getName();
            attendance.open(meeting, accountId, name, accountId.equals(meeting.creatorId), at);
        }
    }

    private void left(Meeting meeting, WebhookEvent event, Instant at) {
        UUID accountId = accountOf(event);
        AttendanceSession session = accountId == null ? null : AttendanceSession.findOpen(meeting.id, accountId);
        if (session != null) {
            attendance.close(meeting, session, AttendanceSession.LeaveReason.MEDIA_LEFT, at);
        }
    }

    private static UUID accountOf(WebhookEvent event) {
        try {
            return UUID.fromString(event.getParticipant().getIdentity());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
