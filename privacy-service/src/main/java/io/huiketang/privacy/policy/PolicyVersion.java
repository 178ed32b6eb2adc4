package io.huiketang.privacy.policy;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A published version of the privacy policy; immutable (the table refuses updates and deletes). */
@Entity
@Table(name = "policy_version")
public class PolicyVersion extends PanacheEntityBase {

    @Id
    public String version;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    @Column(name = "text_zh", nullable = false)
    public String textZh;

    @Column(name = "summary_en", nullable = false)
    public String summaryEn;

    @Column(name = "text_sha256", nullable = false)
    public String textSha256;

    @Column(name = "reacceptance_required", nullable = false)
    public boolean reacceptanceRequired;

    /** The version in effect at {@code now}: the latest effective time not after it (the latest published on a tie). */
    public static PolicyVersion currentAt(Instant now) {
        return find("effectiveAt <= ?1 order by effectiveAt desc, publishedAt desc", now).firstResult();
    }
}
