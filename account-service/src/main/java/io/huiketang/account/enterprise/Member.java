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

/** An end user of an enterprise (ACC-4). */
@Entity
@Table(name = "enterprise_member")
@IdClass(Member.Key.class)
public class Member extends PanacheEntityBase {

    /** How a person became a member: never without their own action or the enterprise's SSO. */
    public enum JoinedVia {
        CREATOR, INVITATION, SSO, IMPORT
    }

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

    @Column(name = "department_id")
    public UUID departmentId;

    @Column(name = "company_email")
    public String companyEmail;

    @Column(name = "joined_via", nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public JoinedVia joinedVia;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    public static Member find(UUID enterpriseId, UUID accountId) {
        return find("enterpriseId = ?1 and accountId = ?2", enterpriseId, accountId).firstResult();
    }
}
