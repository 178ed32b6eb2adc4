package io.huiketang.privacy.request;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A service that announced it holds personal data, so requests wait for its answer. */
@Entity
@Table(name = "data_holder")
public class DataHolder extends PanacheEntityBase {

    @Id
    public String service;

    @Column(name = "first_announced_at", nullable = false)
    public Instant firstAnnouncedAt;

    @Column(name = "last_announced_at", nullable = false)
    public Instant lastAnnouncedAt;
}
