package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.huiketang.kit.problem.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A node of an enterprise's organisation tree (ACC-6); names are unique among siblings. */
@Entity
@Table(name = "department")
public class Department extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "enterprise_id", nullable = false)
    public UUID enterpriseId;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The department of this enterprise, or null: another enterprise's department is as unknown as a made-up id. */
    public static Department findIn(UUID enterpriseId, UUID id) {
        return find("id = ?1 and enterpriseId = ?2", id, enterpriseId).firstResult();
    }

    /**
     * A department named in a request body: null stays null (no department), an unknown id is
     * invalid input naming {@code field}.
     */
    public static Department requireIn(UUID enterpriseId, UUID id, String field) {
        if (id == null) {
            return null;
        }
        Department department = findIn(enterpriseId, id);
        if (department == null) {
            throw ProblemException.invalidField(field, "is not a department of this enterprise");
        }
        return department;
    }
}
