package io.huiketang.account.token;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An ES256 key pair of the token issuer; the private key is stored encrypted. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    public enum State {
        /** Published in the JWKS, not signing yet, so verifiers know it before its first token. */
        NEXT,
        /** Signs new tokens. */
        ACTIVE,
        /** No longer signs; published until the tokens it signed have expired. */
        RETIRED
    }

    @Id
    public String kid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "private_key_cipher", nullable = false)
    public String privateKeyCipher;

    /** X.509 SubjectPublicKeyInfo, base64. */
    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "activated_at")
    public Instant activatedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;
}
