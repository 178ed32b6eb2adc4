package io.huiketang.account.invitation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An invitation to become an end user of an enterprise (ACC-4), addressed to a mobile number
 * (stored encrypted, found by its keyed hash) or to an e-mail address. Only the token's keyed hash
 * is stored: whoever reads the table cannot answer an invitation.
 */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {

    public enum Status {
        PENDING, ACCEPTED, DECLINED, REVOKED
    }

    @Id
    public UUID id;

    @Column(name = "enterprise_id", nullable = false)
    public UUID enterpriseId;

    @Column(name = "token_hash", nullable = false)
    public String tokenHash;

    @Column(name = "phone_cipher")
    public String phoneCipher;

    @Column(name = "phone_hash")
    public String phoneHash;

    /** The address the invitation went to, or (with a mobile number) the member's company e-mail. */
    public String email;

    /** The name the enterprise knows the invitee by. */
    @Column(name = "invitee_name")
    public String inviteeName;

    @Column(name = "department_id")
    public UUID departmentId;

    /** Null once the inviting admin's account is erased. */
    @Column(name = "invited_by")
    public UUID invitedBy;

    /** The bulk import this invitation came from, if any. */
    @Column(name = "member_import_id")
    public UUID memberImportId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** The invitee's account, once they accepted or declined. */
    @Column(name = "answered_by")
    public UUID answeredBy;

    @Column(name = "closed_at")
    public Instant closedAt;

    /** Addressed to a mobile number: only the account with that number may answer it. */
    public boolean byMobile() {
        return phoneHash != null;
    }

    public boolean expired(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt);
    }

    public static Invitation findByTokenHash(String tokenHash) {
        return find("tokenHash", tokenHash).firstResult();
    }
}
