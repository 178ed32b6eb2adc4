package io.huiketang.account.guardian;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The recorded consent of a child's guardian (ACC-10): who consented (their number, encrypted) and when. */
@Entity
@Table(name = "guardian_consent")
public class GuardianConsent extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public UUID accountId;

    @Column(name = "guardian_phone_cipher", nullable = false)
    public String guardianPhoneCipher;

    @Column(name = "guardian_phone_hash", nullable = false)
    public String guardianPhoneHash;

    @Column(name = "consented_at", nullable = false)
    public Instant consentedAt;
}
