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
 * LiveKit may deliver late and out of order, so participant events are matched to the media
 * connection (its participant sid, kept on the session) and to their time, never to whatever
 * session the person has open.
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
        String sid = event.hasParticipant() ? event.getParticipant().getSid() : "";
        int fresh = Meeting.getEntityManager().createNativeQuery("INSERT INTO livekit_webhook "
                + "(event_id, received_at, event, participant_sid) VALUES (?1, now(), ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, event.getId()).setParameter(2, event.getEvent())
                .setParameter(3, sid.isBlank() ? null : sid).executeUpdate();
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
            // createdAt has whole seconds: a session begun within that second counts as before the event
            case "participant_joined" -> joined(meeting, event, sid, at);
            case "participant_left" -> left(meeting, event, sid, at);
            case "room_finished" -> lifecycle.endIfStarted(meeting, MeetingLifecycle.EndReason.MEDIA_ROOM_FINISHED, at);
            default -> LOG.debugf("Webhook %s ignored", event.getEvent());
        }
    }

    /*
     * The connection becomes the session its join token named (the huiketang.session attribute),
     * else the person's open session not yet tied to a connection; a connection of someone who
     * joined through the media only opens a session. A connection that already left opens nothing.
     */
    private void joined(Meeting meeting, WebhookEvent event, String sid, Instant at) {
        UUID accountId = accountOf(event);
        if (accountId == null) {
            return;
        }
        String connection = sid.isBlank() ? null : sid;
        if (connection != null) {
            lockConnection(connection);
            if (AttendanceSession.findByMediaSid(meeting.id, connection) != null || hasLeft(connection)) {
                return;
            }
        }
        AttendanceSession named = sessionNamedBy(meeting, event, accountId);
        if (named != null) {
            if (named.mediaSid == null) {
                named.mediaSid = connection;
            }
            return; // a session closed already (left, rejoined) is not reopened by its late connection
        }
        AttendanceSession open = AttendanceSession.findOpen(meeting.id, accountId);
        if (open != null && (open.mediaSid == null || connection == null || open.joinedAt.isAfter(at.plusSeconds(1)))) {
            if (open.mediaSid == null) {
                open.mediaSid = connection;
            }
            return;
        }
        String name = event.getParticipant().getName().isBlank() ? "参会者" : event.getParticipant().getName();
        attendance.open(meeting, accountId, name, accountId.equals(meeting.creatorId), at, connection);
    }

    /*
     * Closes the session of this connection only: found by its sid, by the session its token named,
     * or else the person's open session not tied to another connection and begun before the event.
     */
    private void left(Meeting meeting, WebhookEvent event, String sid, Instant at) {
        UUID accountId = accountOf(event);
        if (accountId == null) {
            return;
        }
        if (!sid.isBlank()) {
            lockConnection(sid);
        }
        AttendanceSession session = sid.isBlank() ? null : AttendanceSession.findByMediaSid(meeting.id, sid);
        if (session == null) {
            session = sessionNamedBy(meeting, event, accountId);
        }
        if (session == null) {
            AttendanceSession open = AttendanceSession.findOpen(meeting.id, accountId);
            if (open != null && open.mediaSid == null && !open.joinedAt.isAfter(at.plusSeconds(1))) {
                session = open;
            }
        }
        if (session == null) {
            return;
        }
        if (session.isOpen()) {
            attendance.close(meeting, session, AttendanceSession.LeaveReason.MEDIA_LEFT, at);
        }
        if (session.mediaSid == null && !sid.isBlank()) {
            session.mediaSid = sid; // a joined of this connection arriving later finds it
        }
    }

    /** The joined and left webhooks of one connection take turns. */
    private static void lockConnection(String sid) {
        Meeting.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "livekit:" + sid).getSingleResult();
    }

    private static boolean hasLeft(String sid) {
        return ((Number) Meeting.getEntityManager().createNativeQuery(
                "SELECT count(*) FROM livekit_webhook WHERE participant_sid = ?1 AND event = 'participant_left'")
                .setParameter(1, sid).getSingleResult()).longValue() > 0;
    }

    private static AttendanceSession sessionNamedBy(Meeting meeting, WebhookEvent event, UUID accountId) {
        String named = event.getParticipant().getAttributesMap().get(MediaTokens.SESSION_ATTRIBUTE);
        if (named == null) {
            return null;
        }
        try {
            AttendanceSession session = AttendanceSession.findById(UUID.fromString(named));
            return session != null && session.meetingId.equals(meeting.id) && accountId.equals(session.accountId)
                    ? session : null;
        } catch (IllegalArgumentException e) {
            return null;
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
