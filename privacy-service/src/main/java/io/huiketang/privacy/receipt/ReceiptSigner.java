package io.huiketang.privacy.receipt;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.privacy.PrivacyProtocol;
import io.huiketang.privacy.request.HolderTask;
import io.huiketang.privacy.request.RightsRequest;

/**
 * Signs erasure receipts (ES256 compact JWS) with privacy-service's own key, made on first use and kept in its
 * database (the private half encrypted with the field key); the public keys are published as a JWKS, so a person
 * or a regulator verifies a receipt offline. The receipt names ids, tables and counts, never personal data.
 */
@ApplicationScoped
public class ReceiptSigner {

    private final EntityManager em;
    private final SensitiveFields sensitive;
    private final ObjectMapper json;
    private final String issuer;

    ReceiptSigner(EntityManager em, SensitiveFields sensitive, ObjectMapper json,
            @ConfigProperty(name = "huiketang.privacy.receipt.issuer") String issuer) {
        this.em = em;
        this.sensitive = sensitive;
        this.json = json;
        this.issuer = issuer;
    }

    /** The claims of one erasure's receipt, signed; runs in the transaction that completes the request. */
    public String sign(RightsRequest request, List<HolderTask> tasks) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", request.subjectId.toString());
        claims.put("jti", request.id.toString());
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("kind", "ERASURE");
        claims.put("origin", request.origin.name());
        claims.put("openedAt", request.openedAt.toString());
        claims.put("completedAt", request.completedAt.toString());
        List<Map<String, Object>> holders = new ArrayList<>();
        for (HolderTask task : tasks) {
            if (task.key.stage != PrivacyProtocol.Kind.ERASURE) {
                continue;
            }
            JsonNode receipt = read(task.answer).path("receipt");
            JsonNode check = tasks.stream().filter(t -> t.key.stage == PrivacyProtocol.Kind.ERASURE_CHECK
                    && t.key.service.equals(task.key.service)).findFirst().map(t -> read(t.answer))
                    .orElse(json.createObjectNode());
            Map<String, Object> holder = new LinkedHashMap<>();
            holder.put("service", task.key.service);
            holder.put("erasedAt", read(task.answer).path("answeredAt").asText());
            holder.put("deleted", receipt.path("deleted"));
            holder.put("anonymised", receipt.path("anonymised"));
            holder.put("kept", receipt.path("kept"));
            holder.put("checkedAt", check.path("answeredAt").asText());
            holder.put("remaining", check.path("remaining"));
            holders.add(holder);
        }
        claims.put("holders", holders);
        claims.put("statement", "所有数据持有方已删除或匿名化您的个人信息；复查确认无可删除的数据残留。保留项及其法律依据见 kept。"
                + " / Every data holder deleted or anonymised your personal data; a re-check found nothing erasable left."
                + " What is kept, and on what legal basis, is listed under kept.");
        try {
            Key key = currentKey();
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(json.writeValueAsString(claims));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            jws.setKeyIdHeaderValue(key.kid());
            jws.setHeader("typ", "erasure-receipt+jwt");
            jws.setKey(key.privateKey());
            return jws.getCompactSerialization();
        } catch (JoseException | JsonProcessingException e) {
            throw new IllegalStateException("Could not sign the erasure receipt", e);
        }
    }

    /** The public keys receipts are signed with, as a JWKS. */
    public Map<String, Object> jwks() {
        @SuppressWarnings("unchecked")
        List<String> keys = em.createNativeQuery("SELECT public_jwk FROM receipt_signing_key ORDER BY created_at")
                .getResultList();
        List<JsonNode> parsed = keys.stream().map(this::read).toList();
        return Map.of("keys", parsed);
    }

    private record Key(String kid, PrivateKey privateKey) {
    }

    private Key currentKey() {
        // One key is made once, even by two replicas at the same moment
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('receipt-signing-key'))").getSingleResult();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT kid, private_key_cipher FROM receipt_signing_key ORDER BY created_at DESC LIMIT 1")
                .getResultList();
        try {
            if (!rows.isEmpty()) {
                byte[] pkcs8 = Base64.getDecoder().decode(sensitive.decrypt((String) rows.get(0)[1]));
                return new Key((String) rows.get(0)[0],
                        KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            String kid = "receipt-" + UUID.randomUUID();
            EllipticCurveJsonWebKey jwk = (EllipticCurveJsonWebKey) JsonWebKey.Factory.newJwk(pair.getPublic());
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            em.createNativeQuery("INSERT INTO receipt_signing_key (kid, created_at, private_key_cipher, public_jwk) "
                    + "VALUES (?1, now(), ?2, ?3)")
                    .setParameter(1, kid)
                    .setParameter(2, sensitive.encrypt(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())))
                    .setParameter(3, jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                    .executeUpdate();
            return new Key(kid, pair.getPrivate());
        } catch (java.security.GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("Could not load or make the receipt signing key", e);
        }
    }

    private JsonNode read(String value) {
        try {
            return value == null ? json.createObjectNode() : json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
