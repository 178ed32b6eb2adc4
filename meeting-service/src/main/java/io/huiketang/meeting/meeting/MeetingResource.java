package io.huiketang.meeting.meeting;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.meeting.events.MeetingEvents;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** Creating, changing, cancelling, starting and ending meetings (MTG-1, MTG-2). */
@Path("/api/v1/meetings")
@Tag(name = "Meetings")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MeetingResource {

    public record NewMeeting(@NotBlank @Size(max = 200) String topic, @NotNull Meeting.Kind kind, Instant plannedStart,
            @Min(1) @Max(1440) Integer plannedMinutes,
            @Pattern(regexp = "[0-9]{4,10}", message = "must be 4 to 10 digits") String passcode,
            UUID enterpriseId) {
    }

    public record MeetingChange(@Size(min = 1, max = 200) String topic, Instant plannedStart,
            @Min(1) @Max(1440) Integer plannedMinutes,
            @Pattern(regexp = "[0-9]{4,10}", message = "must be 4 to 10 digits") String passcode) {
    }

    public record MeetingView(String id, String number, String topic, String kind, String status, Instant plannedStart,
            Integer plannedMinutes, boolean passcodeRequired, String creatorId, String enterpriseId, Instant startedAt,
            Instant endedAt, Instant createdAt) {

        static MeetingView of(Meeting m) {
            return new MeetingView(m.id.toString(), m.number, m.topic, m.kind.name(), m.status.name(), m.plannedStart,
                    m.plannedMinutes, m.passcodeHash != null, MeetingLifecycle.str(m.creatorId),
                    MeetingLifecycle.str(m.enterpriseId), m.startedAt, m.endedAt, m.createdAt);
        }
    }

    private final Caller caller;
    private final MeetingNumbers numbers;
    private final MeetingLifecycle lifecycle;
    private final Passcodes passcodes;
    private final Outbox outbox;

    MeetingResource(Caller caller, MeetingNumbers numbers, MeetingLifecycle lifecycle, Passcodes passcodes,
            Outbox outbox) {
        this.caller = caller;
        this.numbers = numbers;
        this.lifecycle = lifecycle;
        this.passcodes = passcodes;
        this.outbox = outbox;
    }

    @POST
    @Transactional
    @Operation(summary = "Create an instant meeting (started at once) or a scheduled one")
    @APIResponse(responseCode = "201", description = "Created, with its meeting number")
    @APIResponse(responseCode = "400", description = "Invalid topic, times or passcode")
    @APIResponse(responseCode = "403", description = "Not a member of the enterprise, a child awaiting guardian consent, "
            + "or the current privacy policy not accepted yet (type policy-acceptance-required)")
    public Response create(@Valid @NotNull NewMeeting request) {
        caller.requireActive();
        caller.requirePolicyAccepted();
        if (request.enterpriseId() != null && !caller.enterprises().contains(request.enterpriseId().toString())) {
            throw ProblemException.forbidden("You can only hold meetings for an enterprise you belong to.");
        }
        if (request.kind() == Meeting.Kind.SCHEDULED) {
            if (request.plannedStart() == null) {
                throw ProblemException.invalidField("plannedStart", "is required for a scheduled meeting");
            }
            if (request.plannedStart().isBefore(Instant.now().minusSeconds(300))) {
                throw ProblemException.invalidField("plannedStart", "must not be in the past");
            }
        }
        Instant now = Instant.now();
        Meeting meeting = new Meeting();
        meeting.id = UUID.randomUUID();
        meeting.number = numbers.next();
        meeting.topic = request.topic().strip();
        meeting.kind = request.kind();
        meeting.plannedStart = request.kind() == Meeting.Kind.SCHEDULED ? request.plannedStart() : now;
        meeting.plannedMinutes = request.plannedMinutes();
        meeting.passcodeHash = request.passcode() == null ? null : passcodes.hash(meeting.id, request.passcode());
        meeting.creatorId = caller.accountId();
        meeting.enterpriseId = request.enterpriseId();
        meeting.status = Meeting.Status.SCHEDULED;
        meeting.createdAt = now;
        meeting.updatedAt = now;
        meeting.persist();
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.SCHEDULED,
                new MeetingEvents.MeetingScheduled(meeting.id.toString(), meeting.number, meeting.kind.name(),
                        meeting.creatorId.toString(), MeetingLifecycle.str(meeting.enterpriseId),
                        MeetingLifecycle.str(meeting.plannedStart), now.toString()));
        if (meeting.kind == Meeting.Kind.INSTANT) {
            lifecycle.start(meeting);
        }
        return Response.created(URI.create("/api/v1/meetings/" + meeting.id)).entity(MeetingView.of(meeting)).build();
    }

    @GET
    @Path("/{meetingId}")
    @Operation(summary = "A meeting its creator or one of its participants may see")
    @APIResponse(responseCode = "200", description = "The meeting")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    public MeetingView get(@PathParam("meetingId") UUID meetingId) {
        Meeting meeting = visible(meetingId);
        return MeetingView.of(meeting);
    }

    @PATCH
    @Path("/{meetingId}")
    @Transactional
    @Operation(summary = "Change a meeting that has not ended (creator only)")
    @APIResponse(responseCode = "200", description = "Changed")
    @APIResponse(responseCode = "400", description = "Invalid value")
    @APIResponse(responseCode = "403", description = "Not the creator")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    @APIResponse(responseCode = "409", description = "The meeting has ended or was cancelled")
    public MeetingView update(@PathParam("meetingId") UUID meetingId, @Valid @NotNull MeetingChange change) {
        Meeting meeting = ownedOpen(meetingId);
        if (change.topic() != null) {
            meeting.topic = change.topic().strip();
        }
        if (change.plannedStart() != null) {
            if (meeting.status != Meeting.Status.SCHEDULED) {
                throw ProblemException.conflict("A meeting that has started cannot be rescheduled.");
            }
            meeting.plannedStart = change.plannedStart();
        }
        if (change.plannedMinutes() != null) {
            meeting.plannedMinutes = change.plannedMinutes();
        }
        if (change.passcode() != null) {
            meeting.passcodeHash = passcodes.hash(meeting.id, change.passcode());
        }
        meeting.updatedAt = Instant.now();
        return MeetingView.of(meeting);
    }

    @POST
    @Path("/{meetingId}/cancel")
    @Transactional
    @Operation(summary = "Cancel a scheduled meeting before it starts (creator only)")
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "403", description = "Not the creator")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    @APIResponse(responseCode = "409", description = "Already started, ended or cancelled")
    public MeetingView cancel(@PathParam("meetingId") UUID meetingId) {
        Meeting meeting = ownedOpen(meetingId);
        if (meeting.status != Meeting.Status.SCHEDULED) {
            throw ProblemException.conflict("Only a meeting that has not started can be cancelled; end it instead.");
        }
        Instant now = Instant.now();
        meeting.status = Meeting.Status.CANCELLED;
        meeting.updatedAt = now;
        outbox.publish(MeetingEvents.TOPIC, "meeting", meeting.id.toString(), MeetingEvents.CANCELLED,
                new MeetingEvents.MeetingCancelled(meeting.id.toString(), meeting.number, meeting.creatorId.toString(),
                        MeetingLifecycle.str(meeting.enterpriseId), now.toString()));
        return MeetingView.of(meeting);
    }

    @POST
    @Path("/{meetingId}/start")
    @Transactional
    @Operation(summary = "Start a scheduled meeting (its host, the creator)")
    @APIResponse(responseCode = "200", description = "Started")
    @APIResponse(responseCode = "403", description = "Not the host")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    @APIResponse(responseCode = "409", description = "Ended or cancelled")
    public MeetingView start(@PathParam("meetingId") UUID meetingId) {
        caller.requireActive();
        Meeting meeting = ownedOpen(meetingId);
        lifecycle.start(meeting);
        return MeetingView.of(meeting);
    }

    @POST
    @Path("/{meetingId}/end")
    @Transactional
    @Operation(summary = "End a meeting for everybody (its host, or an admin of its enterprise)")
    @APIResponse(responseCode = "200", description = "Ended; every attendance session closed")
    @APIResponse(responseCode = "403", description = "Neither the host nor an admin of the meeting's enterprise")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    @APIResponse(responseCode = "409", description = "Not started, or already ended")
    public MeetingView end(@PathParam("meetingId") UUID meetingId) {
        Meeting meeting = Meeting.findById(meetingId);
        boolean host = meeting != null && caller.accountId().equals(meeting.creatorId);
        boolean admin = meeting != null && meeting.enterpriseId != null && caller.isAdminOf(meeting.enterpriseId);
        if (meeting == null || (!admin && !meeting.isVisibleTo(caller.accountId()))) {
            throw ProblemException.notFound("No meeting with this id exists among yours.");
        }
        if (!host && !admin) {
            throw ProblemException.forbidden("Only the host or an administrator of the meeting's enterprise can end it.");
        }
        lifecycle.end(meeting, host ? MeetingLifecycle.EndReason.HOST : MeetingLifecycle.EndReason.ENTERPRISE_ADMIN,
                Instant.now());
        return MeetingView.of(meeting);
    }

    /** The meeting, when the caller created it or took part in it; otherwise it does not exist for them. */
    private Meeting visible(UUID meetingId) {
        Meeting meeting = Meeting.findById(meetingId);
        if (meeting == null || !meeting.isVisibleTo(caller.accountId())) {
            throw ProblemException.notFound("No meeting with this id exists among yours.");
        }
        return meeting;
    }

    private Meeting ownedOpen(UUID meetingId) {
        Meeting meeting = visible(meetingId);
        if (!caller.accountId().equals(meeting.creatorId)) {
            throw ProblemException.forbidden("Only the meeting's creator can do this.");
        }
        if (!meeting.status.isOpen()) {
            throw ProblemException.conflict("This meeting has " + meeting.status.name().toLowerCase() + ".");
        }
        return meeting;
    }

}
