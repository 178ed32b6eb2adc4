package io.huiketang.account.policy;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A privacy-policy version as privacy-service published it (the read model of policy-published.v1). */
@Entity
@Table(name = "policy_version")
public class PolicyVersion extends PanacheEntityBase {

    @Id
    public String version;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    @Column(name = "text_sha256", nullable = false)
    public String textSha256;

    /** False for an editorial change that people need not accept again. */
    @Column(name = "reacceptance_required", nullable = false)
    public boolean reacceptanceRequired;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
