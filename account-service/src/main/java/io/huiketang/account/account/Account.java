package io.huiketang.account.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person's account. The mobile number and birth date are stored encrypted; the number's keyed hash finds it. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "phone_cipher")
    public String phoneCipher;

    @Column(name = "phone_hash")
    public String phoneHash;

    public String email;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    @Column(name = "avatar_url")
    public String avatarUrl;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccountStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "age_bracket", nullable = false)
    public AgeBracket ageBracket;

    @Column(name = "birth_date_cipher")
    public String birthDateCipher;

    @Column(name = "residency_region", nullable = false)
    public String residencyRegion = "CN";

    /** The privacy-policy version the person last accepted; null: before versions were recorded (the bootstrap one). */
    @Column(name = "policy_version")
    public String policyVersion;

    @Column(name = "policy_accepted_at")
    public Instant policyAcceptedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Account findByPhoneHash(String phoneHash) {
        return find("phoneHash", phoneHash).firstResult();
    }
}
