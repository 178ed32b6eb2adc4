package io.huiketang.privacy.request;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person's rights request (PRV-1) and where it stands. */
@Entity
@Table(name = "rights_request")
public class RightsRequest extends PanacheEntityBase {

    public enum Kind {
        /** A copy of everything every service holds on the person (查阅、复制). */
        ACCESS,
        /** Deletion everywhere, with a signed receipt (删除). */
        ERASURE,
        /** A correction the person cannot make themselves (更正); operators handle it. */
        CORRECTION,
        /** A consent withdrawn (撤回同意); for one purpose, through the consent ledger. */
        CONSENT_WITHDRAWAL
    }

    public enum Origin {
        SUBJECT, CANCELLATION
    }

    public enum Status {
        /** Waiting for the data holders (ACCESS, ERASURE) or an operator (CORRECTION). */
        IN_PROGRESS,
        /** ERASURE: every holder erased; the re-query is checking that nothing erasable remains. */
        VERIFYING,
        COMPLETED,
        /** ERASURE: the re-query found erasable data; operators look (the request stays open). */
        NEEDS_ATTENTION,
        /** CORRECTION: an operator declined it, with the reason in the resolution. */
        REJECTED;

        public boolean open() {
            return this == IN_PROGRESS || this == VERIFYING || this == NEEDS_ATTENTION;
        }

        static final List<Status> OPEN = List.of(IN_PROGRESS, VERIFYING, NEEDS_ATTENTION);
    }

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Origin origin;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    public String details;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    @Column(name = "due_on", nullable = false)
    public LocalDate dueOn;

    @Column(name = "completed_at")
    public Instant completedAt;

    public String resolution;

    @Column(name = "archive_expires_at")
    public Instant archiveExpiresAt;

    @Column(name = "archive_deleted_at")
    public Instant archiveDeletedAt;

    @Column(name = "first_downloaded_at")
    public Instant firstDownloadedAt;

    @Column(name = "receipt_jws")
    public String receiptJws;
}
