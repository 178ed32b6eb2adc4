package io.huiketang.account.enterprise;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An administrator of an enterprise's back office (ACC-5); always a member too. */
@Entity
@Table(name = "enterprise_admin")
@IdClass(Admin.Key.class)
public class Admin extends PanacheEntityBase {

    public record Key(UUID enterpriseId, UUID accountId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "enterprise_id")
    public UUID enterpriseId;

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "granted_by", nullable = false)
    public UUID grantedBy;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;

    public static boolean exists(UUID enterpriseId, UUID accountId) {
        return count("enterpriseId = ?1 and accountId = ?2", enterpriseId, accountId) > 0;
    }

    public static Admin find(UUID enterpriseId, UUID accountId) {
        return find("enterpriseId = ?1 and accountId = ?2", enterpriseId, accountId).firstResult();
    }

    public static long countIn(UUID enterpriseId) {
        return count("enterpriseId", enterpriseId);
    }
}
