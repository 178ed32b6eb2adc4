package io.huiketang.meeting.attendance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.meeting.connection.ConnectionLogs;
import io.huiketang.meeting.connection.EdgeRegions;
import io.huiketang.meeting.media.MediaTokens;
import io.huiketang.meeting.meeting.Meeting;
import io.huiketang.meeting.meeting.MeetingLifecycle;
import io.huiketang.meeting.meeting.Passcodes;
import io.huiketang.meeting.recording.MeetingRecording;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

/** Joining with the meeting number, leaving, heartbeats, and the attendance its participants see (MTG-2, MTG-3, MTG-7). */
@Path("/api/v1/meetings")
@Tag(name = "Attendance")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AttendanceResource {

    public record JoinRequest(@NotBlank @Pattern(regexp = "[0-9]{9}", message = "must be the 9-digit meeting number") String number,
            @Size(max = 10) String passcode, @Size(min = 1, max = 64) String displayName) {
    }

    /** How the client connects its media: the edge chosen for its network, and a join token for this person and room. */
    public record Media(String region, String url, String token, String room) {
    }

    /** @param recording the recording running now and its notice (REC-1), or null */
    public record Joined(String meetingId, String number, String topic, String sessionId, boolean host, Media media,
            MeetingRecording.Notice recording) {
    }

    public record SessionView(String sessionId, Instant joinedAt, Instant leftAt, Long durationSeconds,
            String leaveReason) {
    }

    public record Participant(String accountId, String displayName, long totalSeconds, List<SessionView> sessions) {
    }

    public record AttendanceView(String meetingId, String number, String status, List<Participant> participants) {
    }

    private final Caller caller;
    private final Attendance attendance;
    private final MeetingLifecycle lifecycle;
    private final Passcodes passcodes;
    private final MediaTokens mediaTokens;
    private final Presence presence;
    private final ConnectionLogs connectionLogs;

    AttendanceResource(Caller caller, Attendance attendance, MeetingLifecycle lifecycle, Passcodes passcodes,
            MediaTokens mediaTokens, Presence presence, ConnectionLogs connectionLogs) {
        this.caller = caller;
        this.attendance = attendance;
        this.lifecycle = lifecycle;
        this.passcodes = passcodes;
        this.mediaTokens = mediaTokens;
        this.presence = presence;
        this.connectionLogs = connectionLogs;
    }

    @POST
    @Path("/join")
    @Transactional
    @Operation(summary = "Join a meeting with its number (and passcode): opens an attendance session and returns the media connection")
    @APIResponse(responseCode = "200", description = "Joined")
    @APIResponse(responseCode = "400", description = "Malformed number")
    @APIResponse(responseCode = "403", description = "Wrong passcode, or a child awaiting guardian consent")
    @APIResponse(responseCode = "404", description = "No meeting with this number is open")
    @APIResponse(responseCode = "409", description = "The meeting has not been started by its host yet")
    @APIResponse(responseCode = "429", description = "Too many wrong passcodes for this meeting, by the caller or by everyone: joining it is locked, even with the right passcode; see Retry-After")
    public Joined join(@Valid @NotNull JoinRequest request, @Context HttpServerRequest http) {
        caller.requireActive();
        Meeting meeting = Meeting.findOpenByNumber(request.number());
        if (meeting == null) {
            throw ProblemException.notFound("No meeting with this number is open.");
        }
        UUID me = caller.accountId();
        passcodes.requireForJoin(meeting, me, request.passcode());
        boolean host = me.equals(meeting.creatorId);
        if (meeting.status == Meeting.Status.SCHEDULED) {
            if (!host) {
                throw ProblemException.conflict("The host has not started this meeting yet.");
            }
            lifecycle.start(meeting);
        }
        String name = request.displayName() == null ? "参会者" : request.displayName().strip();
        AttendanceSession session = attendance.open(meeting, me, name, host, Instant.now());
        // The address connects the participant: it picks the edge and goes into the network log (MTG-3)
        EdgeRegions.Edge edge = connectionLogs.record(http.remoteAddress().hostAddress(), meeting.id, me);
        return new Joined(meeting.id.toString(), meeting.number, meeting.topic, session.id.toString(), host,
                new Media(edge.region(), edge.url(), mediaTokens.joinToken(meeting.number, me, session.id, name, host),
                        meeting.number), MeetingRecording.noticeOf(meeting.id));
    }

    @POST
    @Path("/{meetingId}/leave")
    @Transactional
    @Operation(summary = "Leave a meeting: closes the caller's open attendance session")
    @APIResponse(responseCode = "204", description = "Left")
    @APIResponse(responseCode = "404", description = "The caller is not in this meeting")
    public void leave(@PathParam("meetingId") UUID meetingId) {
        Meeting meeting = Meeting.findById(meetingId);
        AttendanceSession session = meeting == null ? null : AttendanceSession.findOpen(meetingId, caller.accountId());
        if (session == null) {
            throw ProblemException.notFound("You are not in this meeting.");
        }
        attendance.close(meeting, session, AttendanceSession.LeaveReason.LEFT, Instant.now());
    }

    @POST
    @Path("/{meetingId}/heartbeat")
    @Operation(summary = "Tell the service the caller is still in the meeting (every few seconds)")
    @APIResponse(responseCode = "204", description = "Noted")
    @APIResponse(responseCode = "404", description = "The caller is not in this meeting (any more)")
    public void heartbeat(@PathParam("meetingId") UUID meetingId) {
        AttendanceSession session = AttendanceSession.findOpen(meetingId, caller.accountId());
        if (session == null) {
            throw ProblemException.notFound("You are not in this meeting (any more): join again.");
        }
        presence.beat(meetingId, session.id, Instant.now());
    }

    @GET
    @Path("/{meetingId}/attendance")
    @Operation(summary = "Who joined and left when, with each person's total time: for the meeting's participants and creator")
    @APIResponse(responseCode = "200", description = "The attendance")
    @APIResponse(responseCode = "404", description = "No such meeting among the caller's")
    public AttendanceView attendance(@PathParam("meetingId") UUID meetingId) {
        Meeting meeting = Meeting.findById(meetingId);
        UUID me = caller.accountId();
        if (meeting == null || !meeting.isVisibleTo(me)) {
            throw ProblemException.notFound("No meeting with this id exists among yours.");
        }
        List<AttendanceSession> sessions = AttendanceSession.list("meetingId = ?1 order by joinedAt", meetingId);
        Map<String, List<AttendanceSession>> byPerson = new LinkedHashMap<>();
        for (AttendanceSession session : sessions) {
            byPerson.computeIfAbsent(String.valueOf(session.accountId), k -> new ArrayList<>()).add(session);
        }
        List<Participant> participants = byPerson.values().stream().map(AttendanceResource::participant).toList();
        return new AttendanceView(meeting.id.toString(), meeting.number, meeting.status.name(), participants);
    }

    private static Participant participant(List<AttendanceSession> sessions) {
        AttendanceSession first = sessions.get(0);
        long total = sessions.stream().map(AttendanceSession::duration).mapToLong(Duration::toSeconds).sum();
        List<SessionView> views = sessions.stream().map(s -> new SessionView(s.id.toString(), s.joinedAt, s.leftAt,
                s.leftAt == null ? null : Duration.between(s.joinedAt, s.leftAt).toSeconds(),
                s.leaveReason == null ? null : s.leaveReason.name())).toList();
        return new Participant(first.accountId == null ? null : first.accountId.toString(), first.displayName, total,
                views);
    }
}
