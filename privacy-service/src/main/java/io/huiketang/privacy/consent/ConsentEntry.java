package io.huiketang.privacy.consent;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One row of the append-only consent ledger (the table refuses changes but the erasure mark). */
@Entity
@Table(name = "consent_ledger")
public class ConsentEntry extends PanacheEntityBase {

    public enum Kind {
        /** The person accepted a policy version. */
        POLICY,
        /** The person gave or withdrew consent to one purpose. */
        PURPOSE
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    public String purpose;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "policy_version")
    public String policyVersion;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    public String channel;

    public String evidence;

    @Column(name = "erasure_requested_at")
    public Instant erasureRequestedAt;
}
