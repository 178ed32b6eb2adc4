package io.huiketang.privacy.request;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.huiketang.kit.claimcheck.ClaimChecks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The clock of rights requests: asks silent holders again, counts requests past or near their due date
 * ({@code huiketang_privacy_requests_overdue}, {@code huiketang_privacy_requests_due_soon}), and deletes an
 * archive's slices from the store when its link expires (a copy of a person's data is never left behind).
 */
@ApplicationScoped
public class RequestDeadlines {

    private static final Logger LOG = Logger.getLogger(RequestDeadlines.class);

    private final RightsRequests requests;
    private final RequestsConfig config;
    private final ClaimChecks store;
    private final AtomicLong overdue = new AtomicLong();
    private final AtomicLong dueSoon = new AtomicLong();

    RequestDeadlines(RightsRequests requests, RequestsConfig config, ClaimChecks store, MeterRegistry registry) {
        this.requests = requests;
        this.config = config;
        this.store = store;
        registry.gauge("huiketang_privacy_requests_overdue", overdue);
        registry.gauge("huiketang_privacy_requests_due_soon", dueSoon);
    }

    @Scheduled(identity = "huiketang-privacy-ask-again", every = "${huiketang.privacy.requests.ask-again-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void askAgain() {
        int asked;
        do {
            asked = requests.askAgain(100);
        } while (asked == 100);
    }

    @Scheduled(identity = "huiketang-privacy-deadlines", every = "${huiketang.privacy.requests.deadlines-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void countDeadlines() {
        LocalDate today = requests.today();
        overdue.set(RightsRequest.count("status in ?1 and dueOn < ?2", RightsRequest.Status.OPEN, today));
        dueSoon.set(RightsRequest.count("status in ?1 and dueOn >= ?2 and dueOn <= ?3", RightsRequest.Status.OPEN,
                today, requests.calendar().after(today, config.dueSoonWorkingDays())));
    }

    @Scheduled(identity = "huiketang-privacy-archive-expiry", every = "${huiketang.privacy.requests.expiry-every:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireArchivesOnSchedule() {
        expireArchives();
    }

    /** Deletes the slices of archives whose link has expired; returns how many archives. */
    @Transactional
    public int expireArchives() {
        List<RightsRequest> expired = RightsRequest.list("archiveExpiresAt < ?1 and archiveDeletedAt is null",
                Instant.now());
        for (RightsRequest request : expired) {
            // The slices lie where the holders put them (platform-kit's PrivacyRequests)
            store.deleteUnder("privacy/" + request.id + "/");
            request.archiveDeletedAt = Instant.now();
            RequestStep.record(request.id, RightsRequests.SELF, "archive-deleted", "the link expired");
        }
        if (!expired.isEmpty()) {
            LOG.infof("Archives past their link's lifetime deleted from the store: %d", expired.size());
        }
        return expired.size();
    }
}
