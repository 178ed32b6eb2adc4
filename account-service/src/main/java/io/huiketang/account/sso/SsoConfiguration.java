package io.huiketang.account.sso;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An enterprise's own OpenID Connect provider (ACC-7); the client secret is stored encrypted. */
@Entity
@Table(name = "sso_configuration")
public class SsoConfiguration extends PanacheEntityBase {

    @Id
    @Column(name = "enterprise_id")
    public UUID enterpriseId;

    @Column(nullable = false)
    public String issuer;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "client_secret_cipher", nullable = false)
    public String clientSecretCipher;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> scopes;

    /** The ID-token claim that holds the person's e-mail address. */
    @Column(name = "email_claim", nullable = false)
    public String emailClaim;

    /** The ID-token claim that holds the person's display name. */
    @Column(name = "name_claim", nullable = false)
    public String nameClaim;

    /** Only people whose verified e-mail is in one of these domains may log in. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "verified_domains", nullable = false)
    public List<String> verifiedDomains;

    @Column(name = "updated_by", nullable = false)
    public UUID updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
