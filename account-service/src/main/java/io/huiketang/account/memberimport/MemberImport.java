package io.huiketang.account.memberimport;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A bulk import and the attestation it was made under (ACC-6): the administrator attested that
 * every person in it consented and that the named fields are necessary for the stated purpose.
 */
@Entity
@Table(name = "member_import")
public class MemberImport extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "enterprise_id", nullable = false)
    public UUID enterpriseId;

    /** Null once the attesting admin's account is erased; the attestation stays the enterprise's evidence. */
    @Column(name = "attested_by")
    public UUID attestedBy;

    @Column(name = "attested_at", nullable = false)
    public Instant attestedAt;

    @Column(name = "consent_obtained", nullable = false)
    public boolean consentObtained;

    @Column(name = "fields_necessary", nullable = false)
    public boolean fieldsNecessary;

    @Column(nullable = false)
    public String[] fields;

    @Column(nullable = false)
    public String purpose;

    @Column(name = "row_count", nullable = false)
    public int rowCount;
}
