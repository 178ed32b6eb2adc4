package io.huiketang.account.sso;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A person as one enterprise's identity provider knows them, linked to the account provisioned for
 * them. The provider's subject is kept only as a keyed hash of issuer and subject.
 */
@Entity
@Table(name = "sso_identity")
@IdClass(SsoIdentity.Key.class)
public class SsoIdentity extends PanacheEntityBase {

    public record Key(UUID enterpriseId, String subjectHash) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "enterprise_id")
    public UUID enterpriseId;

    @Id
    @Column(name = "subject_hash")
    public String subjectHash;

    @Column(nullable = false)
    public String issuer;

    @Column(name = "account_id", nullable = false)
    public UUID accountId;

    /** The e-mail the provider asserted at the last login. */
    @Column(nullable = false)
    public String email;

    @Column(name = "linked_at", nullable = false)
    public Instant linkedAt;

    @Column(name = "last_login_at", nullable = false)
    public Instant lastLoginAt;

    public static SsoIdentity find(UUID enterpriseId, String subjectHash) {
        return findById(new Key(enterpriseId, subjectHash));
    }
}
