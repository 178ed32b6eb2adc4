package io.huiketang.recording.recording;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.recording.RecordingsConfig;
import io.huiketang.recording.meetings.MeetingCopy;
import io.huiketang.recording.meetings.MeetingPresence;

/**
 * Recording notices and their evidence (REC-1), for cloud and local recordings (REC-2): the host
 * starts and stops, participants read the notice and answer, the creator (and the enterprise's
 * admins) read the whole evidence, each participant their own entries. Nothing of a local
 * recording's media reaches the platform: no endpoint accepts it.
 */
@Path("/api/v1/recordings")
@Tag(name = "Recordings")
@io.quarkus.security.Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class RecordingResource {

    /** @param kind CLOUD or LOCAL (checked after the caller's right to the meeting: only the object decides a stranger's answer) */
    public record NewRecording(String kind) {
    }

    /** @param answer CONTINUE or LEAVE (checked after the caller's right to the notice) */
    public record Acknowledgement(String answer) {
    }

    public record RecordingView(String recordingId, String meetingId, String kind, String status, Instant startedAt,
            Instant stoppedAt, String stopReason, String notice) {

        static RecordingView of(Recording r) {
            return new RecordingView(r.id.toString(), r.meetingId.toString(), r.kind.name(), r.status.name(),
                    r.startedAt, r.stoppedAt, r.stopReason == null ? null : r.stopReason.name(), r.notice);
        }
    }

    /** @param status ANSWERED, PENDING (within the acknowledgement time) or UNACKNOWLEDGED */
    public record EvidenceEntry(String accountId, String sessionId, Instant notifiedAt, String channel, String answer,
            Instant answeredAt, Instant leftAt, String status) {
    }

    public record Evidence(String recordingId, String meetingId, String kind, Instant startedAt, Instant stoppedAt,
            String notice, List<EvidenceEntry> entries) {
    }

    public record MeetingState(String meetingId, RecordingView recording, EvidenceEntry myNotice) {
    }

    private final Caller caller;
    private final Recordings recordings;
    private final Duration acknowledgementTimeout;

    RecordingResource(Caller caller, Recordings recordings, RecordingsConfig config) {
        this.caller = caller;
        this.recordings = recordings;
        this.acknowledgementTimeout = config.acknowledgementTimeout();
    }

    @POST
    @Path("/meetings/{meetingId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Start a cloud or local recording of an ongoing meeting (its host); everyone present is notified")
    @APIResponse(responseCode = "201", description = "Started; the notice is what participants are shown")
    @APIResponse(responseCode = "400", description = "Missing or unknown kind")
    @APIResponse(responseCode = "403", description = "A participant who is not the host, or a child awaiting guardian consent")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    @APIResponse(responseCode = "409", description = "The meeting has not started or is over, a recording already runs, "
            + "or the creator's cloud space is full (type recording-quota-exceeded)")
    public Response start(@PathParam("meetingId") UUID meetingId, NewRecording request) {
        MeetingCopy meeting = MeetingCopy.findById(meetingId);
        UUID me = caller.accountId();
        if (meeting == null || !(meeting.isCreator(me) || MeetingPresence.tookPart(meetingId, me))) {
            throw ProblemException.notFound("No such meeting among yours.");
        }
        if (!meeting.isCreator(me)) {
            throw ProblemException.forbidden("Only the meeting's host can start a recording.");
        }
        caller.requireActive();
        Recording.Kind kind = oneOf(Recording.Kind.class, "kind", request == null ? null : request.kind());
        Recording recording = recordings.start(meeting, me, kind);
        return Response.created(URI.create("/api/v1/recordings/" + recording.id)).entity(RecordingView.of(recording))
                .build();
    }

    @GET
    @Path("/meetings/{meetingId}/state")
    @Operation(summary = "The meeting's current recording, its notice, and the caller's own notice entry")
    @APIResponse(responseCode = "200", description = "The state; recording is null while none runs")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    public MeetingState state(@PathParam("meetingId") UUID meetingId) {
        MeetingCopy meeting = MeetingCopy.findById(meetingId);
        UUID me = caller.accountId();
        if (meeting == null || !(meeting.isCreator(me) || isAdminOf(meeting.enterpriseId)
                || MeetingPresence.tookPart(meetingId, me))) {
            throw ProblemException.notFound("No such meeting among yours.");
        }
        Recording running = Recording.running(meetingId);
        if (running == null) {
            return new MeetingState(meetingId.toString(), null, null);
        }
        List<NoticeEntry> mine = NoticeEntry.ofPerson(running.id, me);
        EvidenceEntry latest = mine.isEmpty() ? null : entry(mine.get(mine.size() - 1));
        return new MeetingState(meetingId.toString(), RecordingView.of(running), latest);
    }

    @POST
    @Path("/{recordingId}/acknowledgements")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "The participant's answer to the notice: CONTINUE or LEAVE")
    @APIResponse(responseCode = "200", description = "Recorded in the evidence")
    @APIResponse(responseCode = "400", description = "Missing or unknown answer")
    @APIResponse(responseCode = "404", description = "No notice of this recording to the caller")
    @APIResponse(responseCode = "409", description = "Already answered, or the recording has stopped")
    public EvidenceEntry acknowledge(@PathParam("recordingId") UUID recordingId, Acknowledgement request) {
        Recording recording = Recording.findById(recordingId);
        List<NoticeEntry> mine = recording == null ? List.of() : NoticeEntry.ofPerson(recordingId, caller.accountId());
        if (mine.isEmpty()) {
            throw ProblemException.notFound("No notice of this recording was given to you.");
        }
        NoticeEntry.Answer answer = oneOf(NoticeEntry.Answer.class, "answer", request == null ? null : request.answer());
        if (!recording.isRunning()) {
            throw ProblemException.conflict("The recording has stopped; there is nothing to answer.");
        }
        NoticeEntry open = mine.stream().filter(e -> e.answer == null).reduce((a, b) -> b).orElse(null);
        if (open == null) {
            throw ProblemException.conflict("You have answered this notice already.");
        }
        int changed = NoticeEntry.update("answer = ?1, answeredAt = ?2 where id = ?3 and answer is null",
                answer, Instant.now(), open.id);
        if (changed == 0) {
            throw ProblemException.conflict("You have answered this notice already.");
        }
        NoticeEntry.getEntityManager().refresh(open);
        return entry(open);
    }

    @POST
    @Path("/{recordingId}/stop")
    @Transactional
    @Operation(summary = "Stop a running recording (the meeting's host, or whoever started it)")
    @APIResponse(responseCode = "200", description = "Stopped")
    @APIResponse(responseCode = "403", description = "A participant who is not the host")
    @APIResponse(responseCode = "404", description = "No such recording among the caller's")
    @APIResponse(responseCode = "409", description = "Not running")
    public RecordingView stop(@PathParam("recordingId") UUID recordingId) {
        Recording recording = Recording.findById(recordingId);
        UUID me = caller.accountId();
        if (recording == null || !(me.equals(recording.ownerId) || me.equals(recording.startedBy)
                || !NoticeEntry.ofPerson(recordingId, me).isEmpty())) {
            throw ProblemException.notFound("No such recording among yours.");
        }
        if (!(me.equals(recording.ownerId) || me.equals(recording.startedBy))) {
            throw ProblemException.forbidden("Only the meeting's host can stop the recording.");
        }
        if (!recordings.stop(recording, Recording.StopReason.STOPPED, Instant.now())) {
            throw ProblemException.conflict("The recording is not running.");
        }
        return RecordingView.of(recording);
    }

    @GET
    @Path("/{recordingId}/evidence")
    @Operation(summary = "Who was notified, when, by which channel, what they answered and when they left "
            + "(the creator and the enterprise's admins: everyone; a participant: their own entries)")
    @APIResponse(responseCode = "200", description = "The evidence")
    @APIResponse(responseCode = "404", description = "No such recording among the caller's")
    public Evidence evidence(@PathParam("recordingId") UUID recordingId) {
        Recording recording = Recording.findById(recordingId);
        UUID me = caller.accountId();
        if (recording == null) {
            throw ProblemException.notFound("No such recording among yours.");
        }
        boolean whole = me.equals(recording.ownerId) || isAdminOf(recording.enterpriseId);
        List<NoticeEntry> entries = whole ? NoticeEntry.ofRecording(recordingId) : NoticeEntry.ofPerson(recordingId, me);
        if (!whole && entries.isEmpty()) {
            throw ProblemException.notFound("No such recording among yours.");
        }
        return new Evidence(recording.id.toString(), recording.meetingId.toString(), recording.kind.name(),
                recording.startedAt, recording.stoppedAt, recording.notice,
                entries.stream().map(this::entry).toList());
    }

    private static <E extends Enum<E>> E oneOf(Class<E> type, String field, String value) {
        java.util.List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        if (value == null || !names.contains(value)) {
            throw ProblemException.invalidField(field, "must be one of " + String.join(", ", names));
        }
        return Enum.valueOf(type, value);
    }

    private boolean isAdminOf(UUID enterpriseId) {
        return enterpriseId != null && caller.isAdminOf(enterpriseId);
    }

    private EvidenceEntry entry(NoticeEntry e) {
        String status = e.answer != null ? "ANSWERED"
                : e.notifiedAt.plus(acknowledgementTimeout).isBefore(Instant.now()) ? "UNACKNOWLEDGED" : "PENDING";
        return new EvidenceEntry(e.accountId.toString(), e.sessionId.toString(), e.notifiedAt, e.channel.name(),
                e.answer == null ? null : e.answer.name(), e.answeredAt, e.leftAt, status);
    }
}
