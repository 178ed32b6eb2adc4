package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An enterprise customer (ACC-3); its contact's mobile number is stored encrypted. */
@Entity
@Table(name = "enterprise")
public class Enterprise extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** Unified social credit code (统一社会信用代码, GB 32100). */
    @Column(name = "credit_code", nullable = false)
    public String creditCode;

    /** When the enterprise proved the credit code is its own; null while the claim is pending. */
    @Column(name = "credit_code_verified_at")
    public Instant creditCodeVerifiedAt;

    @Column(name = "contact_name", nullable = false)
    public String contactName;

    @Column(name = "contact_phone_cipher", nullable = false)
    public String contactPhoneCipher;

    @Column(name = "contact_email")
    public String contactEmail;

    /** When the contact's own account was erased: admins are asked to replace the contact; null otherwise. */
    @Column(name = "contact_replacement_required_at")
    public Instant contactReplacementRequiredAt;

    @Column(name = "residency_region", nullable = false)
    public String residencyRegion = "CN";

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Locks this enterprise until the transaction ends; see {@link EnterpriseAccess#requireAdminToChange}. */
    public void lockForChange() {
        getEntityManager().lock(this, LockModeType.PESSIMISTIC_WRITE);
    }
}
