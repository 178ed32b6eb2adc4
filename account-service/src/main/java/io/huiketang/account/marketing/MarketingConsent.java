package io.huiketang.account.marketing;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person's latest marketing-sms choice, copied from privacy-service's ledger (its events). */
@Entity
@Table(name = "marketing_consent")
public class MarketingConsent extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
}
