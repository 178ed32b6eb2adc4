package io.huiketang.privacy.request;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One step of a request: who (a role: subject, privacy-service, a holder's name, privacy_operator), what and
 * when. Never changed; kept as long as the request (data map).
 */
@Entity
@Table(name = "request_step")
public class RequestStep extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String action;

    public String detail;

    static void record(UUID requestId, String actor, String action, String detail) {
        RequestStep step = new RequestStep();
        step.requestId = requestId;
        step.at = Instant.now();
        step.actor = actor;
        step.action = action;
        step.detail = detail;
        step.persist();
    }
}
