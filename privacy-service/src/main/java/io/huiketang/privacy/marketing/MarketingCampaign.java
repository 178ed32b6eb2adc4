package io.huiketang.privacy.marketing;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A campaign: its text and how many people were asked for; never who they were. */
@Entity
@Table(name = "marketing_campaign")
public class MarketingCampaign extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String purpose;

    @Column(nullable = false)
    public String text;

    @Column(nullable = false)
    public int recipients;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
