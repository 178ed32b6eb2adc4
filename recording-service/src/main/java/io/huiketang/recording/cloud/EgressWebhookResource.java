package io.huiketang.recording.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

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

import io.huiketang.kit.problem.ProblemException;
import io.huiketang.recording.RecordingsConfig;
import io.huiketang.recording.meetings.MeetingCopy;
import io.huiketang.recording.recording.Recording;
import io.huiketang.recording.recording.Recordings;
import io.livekit.server.WebhookReceiver;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * LiveKit's signed egress webhooks (REC-3), verified as meeting-service verifies its webhooks (the
 * server SDK's {@link WebhookReceiver}): {@code egress_started} ties the egress to the meeting's
 * running cloud recording (the room is the meeting's number), {@code egress_ended} lands its file
 * (the S3 key, size and duration from the egress info) in the owner's space and stops the recording.
 * A forged or replayed delivery is a problem and changes nothing.
 */
@Path("/api/v1/recordings/webhooks/livekit")
@Tag(name = "Cloud recordings")
public class EgressWebhookResource {

    private static final Logger LOG = Logger.getLogger(EgressWebhookResource.class);

    private final WebhookReceiver receiver;
    private final Recordings recordings;
    private final RecordingStorage storage;
    private final StorageQuota quota;

    EgressWebhookResource(RecordingsConfig config, Recordings recordings, RecordingStorage storage,
            StorageQuota quota) {
        this.receiver = new WebhookReceiver(config.livekit().apiKey(), config.livekit().apiSecret());
        this.recordings = recordings;
        this.storage = storage;
        this.quota = quota;
    }

    @POST
    @Consumes({ "application/webhook+json", MediaType.APPLICATION_JSON })
    @Transactional
    @Operation(summary = "LiveKit egress webhook: egress started or ended (signed by LiveKit)")
    @APIResponse(responseCode = "204", description = "Applied")
    @APIResponse(responseCode = "401", description = "Missing or invalid signature")
    @APIResponse(responseCode = "409", description = "A replay of a delivery already applied")
    @APIResponse(responseCode = "422", description = "The egress's file is not in the owner's space of the store")
    public void receive(byte[] body, @HeaderParam("Authorization") String authorization) {
        WebhookEvent event;
        try {
            // The signature covers the exact bytes; LiveKit sends UTF-8 without naming a charset
            event = receiver.receive(new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8),
                    authorization);
        } catch (RuntimeException e) {
            throw ProblemException.unauthorized("The webhook's signature is missing or does not match its body.");
        }
        if (event.getId().isBlank()) {
            throw ProblemException.invalidField("id", "a webhook names its delivery");
        }
        int fresh = Recording.getEntityManager().createNativeQuery("INSERT INTO egress_webhook "
                + "(event_id, received_at, event) VALUES (?1, now(), ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, event.getId()).setParameter(2, event.getEvent()).executeUpdate();
        if (fresh == 0) {
            throw ProblemException.conflict("This webhook delivery was applied already.");
        }
        if (!event.hasEgressInfo()) {
            return;
        }
        EgressInfo egress = event.getEgressInfo();
        switch (event.getEvent()) {
            case "egress_started" -> started(egress);
            case "egress_ended" -> ended(egress, event.getCreatedAt());
            default -> LOG.debugf("Webhook %s ignored", event.getEvent());
        }
    }

    private static void started(EgressInfo egress) {
        MeetingCopy meeting = MeetingCopy.findStartedByNumber(egress.getRoomName());
        Recording running = meeting == null ? null : Recording.running(meeting.meetingId);
        if (running == null || running.kind != Recording.Kind.CLOUD) {
            LOG.debugf("Egress started in a room with no running cloud recording");
            return;
        }
        if (running.egressId == null) {
            running.egressId = egress.getEgressId();
        }
    }

    private void ended(EgressInfo egress, long createdAt) {
        Recording recording = recordingOf(egress);
        if (recording == null) {
            LOG.debugf("Egress ended with no cloud recording waiting for it");
            return;
        }
        Instant at = createdAt > 0 ? Instant.ofEpochSecond(createdAt) : Instant.now();
        Optional<FileInfo> file = egress.getFileResultsCount() > 0 ? Optional.of(egress.getFileResults(0))
                : egress.hasFile() ? Optional.of(egress.getFile()) : Optional.empty();
        boolean complete = egress.getStatus() == EgressStatus.EGRESS_COMPLETE
                || egress.getStatus() == EgressStatus.EGRESS_LIMIT_REACHED;
        if (complete && file.isPresent() && !file.get().getFilename().isBlank()) {
            land(recording, egress, file.get());
            recordings.stop(recording, Recording.StopReason.EGRESS_ENDED, at);
        } else {
            recordings.stop(recording, Recording.StopReason.FAILED, at);
        }
    }

    private void land(Recording recording, EgressInfo egress, FileInfo file) {
        String key = file.getFilename().startsWith("/") ? file.getFilename().substring(1) : file.getFilename();
        if (recording.ownerId == null || !key.startsWith(RecordingStorage.ownerPrefix(recording.ownerId))
                || key.contains("..")) {
            throw new ProblemException(new io.huiketang.kit.problem.Problem(io.huiketang.kit.problem.Problem.BLANK,
                    "Unprocessable content", 422, "The egress's file is not in the meeting creator's space.", null,
                    null, java.util.List.of(new io.huiketang.kit.problem.Problem.FieldError("egressInfo.fileResults",
                            "outside " + RecordingStorage.PREFIX + "<owner>/"))));
        }
        if (file.getSize() < 0 || storage.sizeOf(key).isEmpty()) {
            throw ProblemException.of(422, "Unprocessable content", "The egress's file is not in the store.");
        }
        recording.egressId = egress.getEgressId();
        recording.objectKey = key;
        recording.sizeBytes = file.getSize();
        recording.durationMs = file.getDuration() / 1_000_000; // LiveKit reports nanoseconds
        recording.landedAt = Instant.now();
        quota.change(recording.ownerId, file.getSize());
    }

    /** The recording the egress wrote: by its egress id, else the room's latest cloud recording without a file. */
    private static Recording recordingOf(EgressInfo egress) {
        Recording byEgress = Recording.find("egressId = ?1 and kind = ?2", egress.getEgressId(), Recording.Kind.CLOUD)
                .firstResult();
        if (byEgress != null) {
            return byEgress.hasFile() ? null : byEgress;
        }
        return Recording.<Recording>find("kind = ?1 and objectKey is null and egressId is null and meetingId in "
                + "(select m.meetingId from MeetingCopy m where m.number = ?2) order by startedAt desc",
                Recording.Kind.CLOUD, egress.getRoomName()).firstResult();
    }
}
