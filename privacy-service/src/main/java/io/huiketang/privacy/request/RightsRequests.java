package io.huiketang.privacy.request;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestAnswered;
import io.huiketang.kit.privacy.PrivacyProtocol.RequestOpened;
import io.huiketang.kit.problem.ProblemException;
import io.huiketang.privacy.consent.Channel;
import io.huiketang.privacy.consent.ConsentLedger;
import io.huiketang.privacy.consent.Purposes;
import io.huiketang.privacy.deadline.WorkingDays;
import io.huiketang.privacy.receipt.ReceiptSigner;
import io.huiketang.privacy.request.HolderTask.State;
import io.huiketang.privacy.request.RightsRequest.Kind;
import io.huiketang.privacy.request.RightsRequest.Origin;
import io.huiketang.privacy.request.RightsRequest.Status;

/**
 * The orchestrator of rights requests (PRV-1). An ACCESS or ERASURE request gets one task per data holder (the
 * deployment's list, plus those that announced themselves) and one {@code request-opened} naming them; each
 * answer completes its task once (a repeated or late answer changes nothing); holders that have not answered
 * are asked again with backoff ({@link #askAgain}), only they. An ERASURE then re-queries every holder
 * (ERASURE_CHECK) and completes with one signed receipt only when nothing erasable remains. Every state change
 * commits with its outbox event and its step in the request's trail, so a restart loses nothing and repeats nothing.
 */
@ApplicationScoped
public class RightsRequests {

    private static final Logger LOG = Logger.getLogger(RightsRequests.class);
    static final String SELF = "privacy-service";

    private final RequestsConfig config;
    private final Outbox outbox;
    private final EntityManager em;
    private final ObjectMapper json;
    private final ReceiptSigner signer;
    private final ConsentLedger consents;
    private final Purposes purposes;
    private final WorkingDays calendar;
    private final ZoneId zone;

    RightsRequests(RequestsConfig config, Outbox outbox, EntityManager em, ObjectMapper json, ReceiptSigner signer,
            ConsentLedger consents, Purposes purposes) {
        this.config = config;
        this.outbox = outbox;
        this.em = em;
        this.json = json;
        this.signer = signer;
        this.consents = consents;
        this.purposes = purposes;
        this.calendar = WorkingDays.of(config.calendar());
        this.zone = ZoneId.of(config.zone());
    }

    public WorkingDays calendar() {
        return calendar;
    }

    public LocalDate today() {
        return LocalDate.now(zone);
    }

    /** Opens a request; an ERASURE while one is open returns that one (a cancellation redelivered, a second click). */
    @Transactional
    public RightsRequest open(UUID subject, Kind kind, Origin origin, String details, String actor) {
        return open(UUID.randomUUID(), subject, kind, origin, details, actor);
    }

    /** Opens a request under an id chosen before (a cancellation's, given to the person by account-service). */
    @Transactional
    public RightsRequest open(UUID id, UUID subject, Kind kind, Origin origin, String details, String actor) {
        // One person's requests one at a time: the one-open-erasure rule holds under concurrent opens
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('rights-request:' || ?1))")
                .setParameter(1, subject.toString()).getSingleResult();
        if (kind == Kind.ERASURE) {
            List<RightsRequest> open = RightsRequest.list("subjectId = ?1 and kind = ?2 and status in ?3", subject,
                    Kind.ERASURE, Status.OPEN);
            if (!open.isEmpty()) {
                return open.get(0);
            }
        }
        Instant now = Instant.now();
        RightsRequest request = new RightsRequest();
        if (RightsRequest.findById(id) != null) {
            return RightsRequest.findById(id);
        }
        request.id = id;
        request.subjectId = subject;
        request.kind = kind;
        request.origin = origin;
        request.status = Status.IN_PROGRESS;
        request.details = details;
        request.openedAt = now;
        request.dueOn = calendar.after(now.atZone(zone).toLocalDate(), config.workingDays());
        request.persist();
        RequestStep.record(request.id, actor, "opened", kind + " (" + origin + "), due " + request.dueOn);
        switch (kind) {
            case ACCESS -> ask(request, PrivacyProtocol.Kind.ACCESS, holders());
            case ERASURE -> ask(request, PrivacyProtocol.Kind.ERASURE, holders());
            case CONSENT_WITHDRAWAL -> {
                consents.change(subject, purposes.require(details), false, Channel.APP, "request:" + request.id);
                complete(request, "consent to " + details + " withdrawn; processing for it stops from now on");
            }
            case CORRECTION -> {
                // Operators correct what the person cannot change themselves, and resolve the request
            }
        }
        return request;
    }

    /** The holders a new request asks: the deployment's list, and those that announced themselves. */
    public List<String> holders() {
        TreeSet<String> holders = new TreeSet<>(config.expectedHolders());
        if (config.includeAnnounced()) {
            holders.addAll(DataHolder.<DataHolder>listAll().stream().map(h -> h.service).toList());
        }
        return List.copyOf(holders);
    }

    private void ask(RightsRequest request, PrivacyProtocol.Kind stage, List<String> services) {
        Instant now = Instant.now();
        List<String> asked = new ArrayList<>();
        for (String service : services) {
            HolderTask.Key key = new HolderTask.Key(request.id, service, stage);
            HolderTask task = HolderTask.findById(key);
            boolean created = task == null;
            if (created) {
                task = new HolderTask();
                task.key = key;
            } else if (task.state == State.ANSWERED) {
                continue;
            }
            task.state = State.WAITING;
            task.attempts++;
            task.lastAskedAt = now;
            task.nextAskAt = now.plus(backoff(task.attempts));
            if (created) {
                task.persist();
            }
            asked.add(service);
        }
        if (asked.isEmpty()) {
            return;
        }
        outbox.publish(PrivacyProtocol.REQUESTS_TOPIC, "privacy-request", request.subjectId.toString(),
                PrivacyProtocol.REQUEST_OPENED,
                new RequestOpened(request.id.toString(), request.subjectId.toString(), stage, asked, now.toString()));
        RequestStep.record(request.id, SELF, "asked", stage + ": " + String.join(", ", asked));
    }

    Duration backoff(int attempts) {
        Duration wait = config.firstRetry();
        for (int i = 1; i < attempts && wait.compareTo(config.maxRetry()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxRetry()) > 0 ? config.maxRetry() : wait;
    }

    /** Applies one holder's answer (inbox transaction). */
    void answered(RequestAnswered answer) {
        UUID id;
        try {
            id = UUID.fromString(answer.requestId());
        } catch (IllegalArgumentException e) {
            return;
        }
        RightsRequest request = RightsRequest.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            // Another deployment's request (tests share a broker), or a holder answering a tool: not ours
            return;
        }
        HolderTask task = HolderTask.findById(new HolderTask.Key(id, answer.service(), answer.kind()));
        if (task == null || task.state == State.ANSWERED) {
            // A holder this request did not ask, or a second answer (a retry crossed the first): the first stands
            return;
        }
        task.state = State.ANSWERED;
        task.answeredAt = Instant.now();
        task.nextAskAt = null;
        task.answer = write(answerOf(answer));
        RequestStep.record(id, answer.service(), "answered", answer.kind().toString());
        advance(request);
    }

    private static Map<String, Object> answerOf(RequestAnswered answer) {
        Map<String, Object> kept = new java.util.LinkedHashMap<>();
        if (answer.exportClaim() != null) {
            kept.put("exportClaim", answer.exportClaim());
        }
        if (answer.receipt() != null) {
            kept.put("receipt", answer.receipt());
        }
        if (answer.remaining() != null) {
            kept.put("remaining", answer.remaining());
        }
        kept.put("answeredAt", answer.answeredAt());
        return kept;
    }

    private void advance(RightsRequest request) {
        List<HolderTask> tasks = HolderTask.list("key.requestId", request.id);
        switch (request.kind) {
            case ACCESS -> {
                if (allAnswered(tasks, PrivacyProtocol.Kind.ACCESS)) {
                    request.archiveExpiresAt = Instant.now().plus(config.archiveLinkLifetime());
                    complete(request, "archive ready until " + request.archiveExpiresAt);
                }
            }
            case ERASURE -> {
                if (request.status == Status.IN_PROGRESS && allAnswered(tasks, PrivacyProtocol.Kind.ERASURE)) {
                    request.status = Status.VERIFYING;
                    ask(request, PrivacyProtocol.Kind.ERASURE_CHECK, tasks.stream()
                            .filter(t -> t.key.stage == PrivacyProtocol.Kind.ERASURE).map(t -> t.key.service).toList());
                    em.flush();
                    tasks = HolderTask.list("key.requestId", request.id);
                }
                if (request.status == Status.VERIFYING
                        && allAnswered(tasks, PrivacyProtocol.Kind.ERASURE_CHECK)) {
                    verify(request, tasks);
                }
            }
            default -> {
            }
        }
    }

    private static boolean allAnswered(List<HolderTask> tasks, PrivacyProtocol.Kind stage) {
        List<HolderTask> ofStage = tasks.stream().filter(t -> t.key.stage == stage).toList();
        return !ofStage.isEmpty() && ofStage.stream().allMatch(t -> t.state == State.ANSWERED);
    }

    private void verify(RightsRequest request, List<HolderTask> tasks) {
        List<String> remaining = new ArrayList<>();
        for (HolderTask task : tasks) {
            if (task.key.stage == PrivacyProtocol.Kind.ERASURE_CHECK) {
                read(task.answer).path("remaining").fields()
                        .forEachRemaining(r -> remaining.add(task.key.service + ": " + r.getKey() + " (" + r.getValue() + ")"));
            }
        }
        if (!remaining.isEmpty()) {
            long failedChecks = RequestStep.count("requestId = ?1 and action = ?2", request.id, "erasure-check-failed");
            RequestStep.record(request.id, SELF, "erasure-check-failed", String.join("; ", remaining));
            if (failedChecks + 1 < config.erasureRounds()) {
                eraseAgain(request, tasks);
                return;
            }
            request.status = Status.NEEDS_ATTENTION;
            LOG.warnf("Erasure %s: the re-query found erasable data in %d places", request.id, remaining.size());
            return;
        }
        RequestStep.record(request.id, SELF, "erasure-checked", "nothing erasable remains in any holder");
        request.completedAt = Instant.now();
        request.receiptJws = signer.sign(request, tasks);
        complete(request, "erased; receipt signed");
    }

    /**
     * Asks the holders whose re-check found data to erase again, then to check again: what an event still
     * in flight rebuilt after the first erasure (a read model fed by another service's events) goes too.
     */
    private void eraseAgain(RightsRequest request, List<HolderTask> tasks) {
        List<String> again = tasks.stream()
                .filter(t -> t.key.stage == PrivacyProtocol.Kind.ERASURE_CHECK && read(t.answer).path("remaining").size() > 0)
                .map(t -> t.key.service).toList();
        for (HolderTask task : tasks) {
            if (again.contains(task.key.service)) {
                if (task.key.stage == PrivacyProtocol.Kind.ERASURE_CHECK) {
                    task.delete();
                } else if (task.key.stage == PrivacyProtocol.Kind.ERASURE) {
                    task.state = State.WAITING;
                    task.attempts = 0;
                }
            }
        }
        em.flush();
        request.status = Status.IN_PROGRESS;
        ask(request, PrivacyProtocol.Kind.ERASURE, again);
        LOG.infof("Erasure %s: erasable data found again at %d holders; asked them to erase again", request.id, again.size());
    }

    private void complete(RightsRequest request, String detail) {
        request.status = Status.COMPLETED;
        if (request.completedAt == null) {
            request.completedAt = Instant.now();
        }
        RequestStep.record(request.id, SELF, "completed", detail);
    }

    /** Asks again every holder whose answer is due; one that never answers ends FAILED for operators. */
    @Transactional
    public int askAgain(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                SELECT request_id, service, stage FROM holder_task
                WHERE state = 'WAITING' AND next_ask_at <= now()
                ORDER BY next_ask_at LIMIT ?1 FOR UPDATE SKIP LOCKED""").setParameter(1, limit).getResultList();
        Map<UUID, Map<PrivacyProtocol.Kind, List<String>>> byRequest = due.stream().collect(Collectors.groupingBy(
                row -> (UUID) row[0], Collectors.groupingBy(row -> PrivacyProtocol.Kind.valueOf((String) row[2]),
                        Collectors.mapping(row -> (String) row[1], Collectors.toList()))));
        byRequest.forEach((id, stages) -> {
            RightsRequest request = RightsRequest.findById(id);
            stages.forEach((stage, services) -> {
                List<String> again = new ArrayList<>();
                for (String service : services) {
                    HolderTask task = HolderTask.findById(new HolderTask.Key(id, service, stage));
                    if (task.attempts >= config.maxAttempts()) {
                        task.state = State.FAILED;
                        task.nextAskAt = null;
                        RequestStep.record(id, SELF, "failed", stage + ": " + service + " did not answer "
                                + task.attempts + " asks");
                    } else {
                        again.add(service);
                    }
                }
                ask(request, stage, again);
            });
        });
        return due.size();
    }

    /** Operators: ask a failed (or waiting) holder again now; a request whose re-query found data erases again. */
    @Transactional
    public RightsRequest retry(UUID id, String actor) {
        RightsRequest request = RightsRequest.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            throw ProblemException.notFound("No request " + id);
        }
        if (!request.status.open() || (request.kind != Kind.ACCESS && request.kind != Kind.ERASURE)) {
            throw ProblemException.conflict("The request is " + request.status + ": only open ACCESS and ERASURE "
                    + "requests are asked again");
        }
        List<HolderTask> tasks = HolderTask.list("key.requestId", request.id);
        RequestStep.record(id, actor, "retried", null);
        if (request.status == Status.NEEDS_ATTENTION) {
            eraseAgain(request, tasks);
            return request;
        }
        tasks.stream().filter(t -> t.state != State.ANSWERED).collect(Collectors.groupingBy(t -> t.key.stage,
                Collectors.mapping(t -> {
                    t.attempts = 0;
                    return t.key.service;
                }, Collectors.toList()))).forEach((stage, services) -> ask(request, stage, services));
        return request;
    }

    /** Operators: resolve a CORRECTION (done or declined, with what was done or why not). */
    @Transactional
    public RightsRequest resolve(UUID id, boolean corrected, String resolution, String actor) {
        RightsRequest request = RightsRequest.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            throw ProblemException.notFound("No request " + id);
        }
        if (request.kind != Kind.CORRECTION || request.status != Status.IN_PROGRESS) {
            throw ProblemException.conflict("The request is a " + request.kind + " in state " + request.status
                    + ": only an open CORRECTION is resolved by an operator");
        }
        request.resolution = resolution;
        RequestStep.record(id, actor, corrected ? "corrected" : "declined", null);
        if (corrected) {
            complete(request, "corrected");
        } else {
            request.status = Status.REJECTED;
            request.completedAt = Instant.now();
        }
        return request;
    }

    void holderAnnounced(String service, Instant at) {
        DataHolder holder = DataHolder.findById(service);
        if (holder == null) {
            holder = new DataHolder();
            holder.service = service;
            holder.firstAnnouncedAt = at;
            holder.lastAnnouncedAt = at;
            holder.persist();
            // A holder that was missing is asked at once rather than at its next backoff
            em.createNativeQuery("UPDATE holder_task SET next_ask_at = now() WHERE service = ?1 AND state = 'WAITING'")
                    .setParameter(1, service).executeUpdate();
        } else if (at.isAfter(holder.lastAnnouncedAt)) {
            holder.lastAnnouncedAt = at;
        }
    }

    /** The view of one request, for its owner ({@code withSubject} false) or operators. */
    @Transactional
    public RequestView view(RightsRequest request, boolean withSubject) {
        java.util.Set<String> announced = DataHolder.<DataHolder>listAll().stream().map(h -> h.service)
                .collect(Collectors.toSet());
        announced.add(SELF);
        return RequestView.of(request, HolderTask.list("key.requestId", request.id), announced, today(), withSubject);
    }

    /** Records a download of the archive (the first one marks the request); the caller streams it after commit. */
    @Transactional
    public List<HolderTask> recordDownload(UUID id) {
        RightsRequest request = RightsRequest.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (request.firstDownloadedAt == null) {
            request.firstDownloadedAt = Instant.now();
        }
        RequestStep.record(id, "subject", "archive-downloaded", null);
        return HolderTask.list("key.requestId", id);
    }

    JsonNode read(String answer) {
        try {
            return answer == null ? json.createObjectNode() : json.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored answer is not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
