package io.huiketang.account.enterprise;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A node of an enterprise's organisation tree (ACC-6). */
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
}
