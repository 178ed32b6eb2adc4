package io.huiketang.privacy.request;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.huiketang.kit.privacy.PrivacyProtocol;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One data holder's part of a request, at one stage (ACCESS, ERASURE, or the ERASURE_CHECK after it). */
@Entity
@Table(name = "holder_task")
public class HolderTask extends PanacheEntityBase {

    public enum State {
        WAITING, ANSWERED, FAILED
    }

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "request_id")
        public UUID requestId;
        public String service;
        @Enumerated(EnumType.STRING)
        public PrivacyProtocol.Kind stage;

        public Key() {
        }

        public Key(UUID requestId, String service, PrivacyProtocol.Kind stage) {
            this.requestId = requestId;
            this.service = service;
            this.stage = stage;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.requestId.equals(requestId) && k.service.equals(service) && k.stage == stage;
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, service, stage);
        }
    }

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_asked_at", nullable = false)
    public Instant lastAskedAt;

    @Column(name = "next_ask_at")
    public Instant nextAskAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public String answer;
}
