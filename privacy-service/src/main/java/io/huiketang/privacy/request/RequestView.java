package io.huiketang.privacy.request;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.huiketang.privacy.request.HolderTask.State;

/** A request as its owner (and operators) see it: where each holder stands, the archive, the receipt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(String id, String subjectId, String kind, String origin, String status, String details,
        Instant openedAt, LocalDate dueOn, boolean overdue, Instant completedAt, String resolution,
        List<HolderView> holders, Archive archive, String receiptUrl) {

    /**
     * @param state WAITING, ANSWERED, FAILED, or MISSING (never announced itself); OVERDUE when waiting past the
     *              request's due date
     */
    public record HolderView(String service, String stage, String state, int attempts, Instant lastAskedAt,
            Instant answeredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Archive(String url, Instant expiresAt, boolean expired, Instant firstDownloadedAt) {
    }

    static RequestView of(RightsRequest r, List<HolderTask> tasks, Set<String> announced, LocalDate today,
            boolean withSubject) {
        boolean overdue = r.status.open() && today.isAfter(r.dueOn);
        List<HolderView> holders = tasks.stream()
                .sorted(java.util.Comparator.comparing((HolderTask t) -> t.key.stage).thenComparing(t -> t.key.service))
                .map(t -> new HolderView(t.key.service, t.key.stage.name(), stateOf(t, announced, overdue), t.attempts,
                        t.lastAskedAt, t.answeredAt))
                .toList();
        Archive archive = r.kind == RightsRequest.Kind.ACCESS && r.archiveExpiresAt != null
                ? new Archive("/api/v1/privacy/requests/" + r.id + "/archive", r.archiveExpiresAt,
                        r.archiveDeletedAt != null || Instant.now().isAfter(r.archiveExpiresAt), r.firstDownloadedAt)
                : null;
        return new RequestView(r.id.toString(), withSubject ? r.subjectId.toString() : null, r.kind.name(),
                r.origin.name(), r.status.name(), r.details, r.openedAt, r.dueOn, overdue, r.completedAt, r.resolution,
                holders, archive, r.receiptJws == null ? null : "/api/v1/privacy/receipts/" + r.id);
    }

    private static String stateOf(HolderTask task, Set<String> announced, boolean overdue) {
        if (task.state == State.WAITING) {
            if (!announced.contains(task.key.service)) {
                return "MISSING";
            }
            return overdue ? "OVERDUE" : "WAITING";
        }
        return task.state.name();
    }
}
