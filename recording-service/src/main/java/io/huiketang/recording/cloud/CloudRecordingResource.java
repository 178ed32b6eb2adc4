package io.huiketang.recording.cloud;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.recording.RecordingsConfig;
import io.huiketang.recording.recording.Recording;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;

/**
 * The creator's cloud recordings (REC-3): listed in pages, downloaded through a short-lived presigned
 * link (each one recorded), deleted to a trash kept {@code trash-retention} (then purged with the file)
 * and restored from it. Only the owner (the meeting's creator) sees them.
 */
@Path("/api/v1/recordings")
@Tag(name = "Cloud recordings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CloudRecordingResource {

    static final int MAX_PAGE_SIZE = 100;

    public record CloudRecordingView(String recordingId, String meetingId, String status, Instant startedAt,
            Instant stoppedAt, Long sizeBytes, Long durationMs, Instant landedAt, Instant trashedAt,
            Instant purgeAfter) {
    }

    public record Page(int page, int size, long total, long usedBytes, long quotaBytes,
            List<CloudRecordingView> items) {
    }

    public record DownloadLink(String url, Instant expiresAt) {
    }

    private final Caller caller;
    private final RecordingStorage storage;
    private final StorageQuota quota;
    private final Duration trashRetention;
    private final Counter downloads;

    CloudRecordingResource(Caller caller, RecordingStorage storage, StorageQuota quota, RecordingsConfig config,
            MeterRegistry registry) {
        this.caller = caller;
        this.storage = storage;
        this.quota = quota;
        this.trashRetention = config.storage().trashRetention();
        this.downloads = Counter.builder("huiketang.recording.downloads")
                .description("Download links handed out for cloud recordings").register(registry);
    }

    @GET
    @Operation(summary = "The caller's cloud recordings (or, with trash=true, those in the trash), newest first")
    @APIResponse(responseCode = "200", description = "One page, with the space used and the quota")
    @APIResponse(responseCode = "400", description = "Invalid page or size")
    public Page list(@QueryParam("page") @DefaultValue("0") String pageParam,
            @QueryParam("size") @DefaultValue("20") String sizeParam,
            @QueryParam("trash") @DefaultValue("false") String trashParam) {
        int page = integer("page", pageParam);
        int size = integer("size", sizeParam);
        if (!trashParam.equals("true") && !trashParam.equals("false")) {
            throw ProblemException.invalidField("trash", "must be true or false");
        }
        boolean trash = Boolean.parseBoolean(trashParam);
        if (page < 0) {
            throw ProblemException.invalidField("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalidField("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        UUID me = caller.accountId();
        String where = "ownerId = ?1 and kind = ?2 and trashedAt is " + (trash ? "not null" : "null");
        long total = Recording.count(where, me, Recording.Kind.CLOUD);
        List<Recording> items = Recording.<Recording>find(where + " order by startedAt desc, id", me,
                Recording.Kind.CLOUD).page(page, size).list();
        return new Page(page, size, total, quota.usedBytes(me), quota.quotaBytes(me),
                items.stream().map(this::view).toList());
    }

    @GET
    @Path("/{recordingId}")
    @Operation(summary = "One of the caller's cloud recordings")
    @APIResponse(responseCode = "200", description = "The recording")
    @APIResponse(responseCode = "404", description = "No such recording among the caller's")
    public CloudRecordingView get(@PathParam("recordingId") UUID recordingId) {
        return view(owned(recordingId));
    }

    @POST
    @Path("/{recordingId}/download")
    @Transactional
    @Operation(summary = "A short-lived presigned link to the file (each one recorded)")
    @APIResponse(responseCode = "200", description = "The link and when it expires")
    @APIResponse(responseCode = "404", description = "No such recording among the caller's")
    @APIResponse(responseCode = "409", description = "No file yet, or in the trash")
    public DownloadLink download(@PathParam("recordingId") UUID recordingId) {
        Recording recording = owned(recordingId);
        if (!recording.hasFile()) {
            throw ProblemException.conflict("The recording's file has not landed yet.");
        }
        if (recording.trashedAt != null) {
            throw ProblemException.conflict("The recording is in the trash; restore it first.");
        }
        Instant now = Instant.now();
        Recording.getEntityManager().createNativeQuery(
                "INSERT INTO recording_download (id, recording_id, account_id, requested_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, recording.id).setParameter(3, caller.accountId())
                .setParameter(4, now).executeUpdate();
        URI link = storage.downloadLink(recording.objectKey, "recording-" + recording.id + extension(recording.objectKey));
        downloads.increment();
        return new DownloadLink(link.toString(), now.plus(storage.linkLifetime()));
    }

    @DELETE
    @Path("/{recordingId}")
    @Transactional
    @Operation(summary = "Move a cloud recording to the trash; its space is freed, it is purged after the trash's retention")
    @APIResponse(responseCode = "200", description = "In the trash")
    @APIResponse(responseCode = "404", description = "No such recording among the caller's")
    @APIResponse(responseCode = "409", description = "Still recording, or in the trash already")
    public CloudRecordingView delete(@PathParam("recordingId") UUID recordingId) {
        Recording recording = owned(recordingId);
        Recording.getEntityManager().refresh(recording, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (recording.isRunning()) {
            throw ProblemException.conflict("The recording is still running; stop it first.");
        }
        if (recording.trashedAt != null) {
            throw ProblemException.conflict("The recording is in the trash already.");
        }
        recording.trashedAt = Instant.now();
        quota.change(recording.ownerId, -size(recording));
        return view(recording);
    }

    @POST
    @Path("/{recordingId}/restore")
    @Transactional
    @Operation(summary = "Restore a cloud recording from the trash; its space counts again")
    @APIResponse(responseCode = "200", description = "Restored")
    @APIResponse(responseCode = "404", description = "No such recording among the caller's")
    @APIResponse(responseCode = "409", description = "Not in the trash")
    public CloudRecordingView restore(@PathParam("recordingId") UUID recordingId) {
        Recording recording = owned(recordingId);
        Recording.getEntityManager().refresh(recording, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (recording.trashedAt == null) {
            throw ProblemException.conflict("The recording is not in the trash.");
        }
        recording.trashedAt = null;
        quota.change(recording.ownerId, size(recording));
        return view(recording);
    }

    private Recording owned(UUID recordingId) {
        Recording recording = Recording.findById(recordingId);
        if (recording == null || recording.kind != Recording.Kind.CLOUD
                || !caller.accountId().equals(recording.ownerId)) {
            throw ProblemException.notFound("No such recording among yours.");
        }
        return recording;
    }

    private static int integer(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(field, "must be a whole number");
        }
    }

    private static long size(Recording recording) {
        return recording.sizeBytes == null ? 0 : recording.sizeBytes;
    }

    private static String extension(String key) {
        int dot = key.lastIndexOf('.');
        return dot > key.lastIndexOf('/') ? key.substring(dot) : "";
    }

    private CloudRecordingView view(Recording r) {
        return new CloudRecordingView(r.id.toString(), r.meetingId.toString(), r.status.name(), r.startedAt,
                r.stoppedAt, r.sizeBytes, r.durationMs, r.landedAt, r.trashedAt,
                r.trashedAt == null ? null : r.trashedAt.plus(trashRetention));
    }
}
