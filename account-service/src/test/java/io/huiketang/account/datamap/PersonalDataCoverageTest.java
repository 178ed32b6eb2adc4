package io.huiketang.account.datamap;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.kit.testing.DataMapAssertions.insert;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.datamap.RetentionRunner;
import io.huiketang.kit.privacy.PersonalDataHolder;
import io.huiketang.kit.testing.DataMapAssertions;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Export and erasure cover the data map (PRV-1, ACC-9): one person with a value in every personal
 * column the map declares (seeded with plain SQL: a child with a guardian's consent, WeChat and SSO
 * identities, sessions, an enterprise they created and administer, an invitation they accepted and
 * one they sent, an attested import, an SSO configuration they changed), whose export shows each of
 * them, and after whose erasure each is deleted, anonymised or kept exactly as declared (checked with
 * plain SQL).
 */
@QuarkusTest
class PersonalDataCoverageTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionRunner retention;

    @Inject
    PersonalDataHolder personalData;

    @Inject
    SensitiveFields sensitive;

    @Test
    void exportShowsAndErasureTreatsEveryPersonalColumnAsTheMapDeclares() throws Exception {
        UUID person = UUID.randomUUID();
        seed(person);

        DataMapAssertions.assertExportAndErasureCover(dataSource, retention.map(), person.toString(), personalData);
    }

    private void seed(UUID person) throws Exception {
        Instant now = Instant.now();
        Instant earlier = now.minus(Duration.ofDays(2));
        String phone = newPhone();
        String email = "ada." + person + "@example.com";
        UUID colleague = UUID.randomUUID();
        UUID enterprise = UUID.randomUUID();
        UUID department = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        UUID memberImport = UUID.randomUUID();
        String creditCode = ("91" + person.toString().replace("-", "")).substring(0, 18).toUpperCase();
        try (Connection connection = dataSource.getConnection()) {
            String account = """
                    INSERT INTO account (id, display_name, phone_cipher, phone_hash, email, email_verified, avatar_url,
                        status, age_bracket, birth_date_cipher, residency_region, policy_version, policy_accepted_at,
                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, true, ?, 'ACTIVE', ?, ?, 'CN', ?, ?, ?, ?)""";
            insert(connection, account, person, "Ada", sensitive.encrypt(phone), sensitive.lookupHash(phone), email,
                    "https://avatars.example/ada.png", "CHILD", sensitive.encrypt("2014-03-01"), "2023-05-16",
                    ts(earlier), ts(earlier), ts(earlier));
            String colleaguePhone = newPhone();
            insert(connection, account, colleague, "Grace", sensitive.encrypt(colleaguePhone),
                    sensitive.lookupHash(colleaguePhone), null, null, "ADULT", null, null, null, ts(earlier),
                    ts(earlier));
            // The copy of the marketing-sms consent (package marketing)
            insert(connection, "INSERT INTO marketing_consent (account_id, granted, changed_at) VALUES (?, true, ?)",
                    person, ts(earlier));
            insert(connection, """
                    INSERT INTO guardian_consent (account_id, guardian_phone_cipher, guardian_phone_hash, consented_at)
                    VALUES (?, ?, ?, ?)""", person, sensitive.encrypt("+8613900000000"),
                    sensitive.lookupHash("+8613900000000"), ts(earlier));
            insert(connection, """
                    INSERT INTO session (id, account_id, auth_method, created_at, last_used_at, revoked_at, revoke_reason)
                    VALUES (?, ?, 'WECHAT', ?, ?, ?, 'LOGOUT')""", session, person, ts(earlier), ts(now), ts(now));
            insert(connection, """
                    INSERT INTO refresh_token (token_hash, session_id, issued_at, expires_at, used_at)
                    VALUES (?, ?, ?, ?, ?)""", "f".repeat(64), session, ts(earlier), ts(now.plus(Duration.ofDays(28))),
                    ts(now));
            insert(connection, """
                    INSERT INTO enterprise (id, name, credit_code, contact_name, contact_phone_cipher, contact_email,
                        residency_region, created_by, created_at)
                    VALUES (?, 'Ada Works', ?, 'Ada', ?, ?, 'CN', ?, ?)""", enterprise, creditCode,
                    sensitive.encrypt(phone), email, person, ts(earlier));
            insert(connection, "INSERT INTO department (id, enterprise_id, parent_id, name, created_at) "
                    + "VALUES (?, ?, NULL, 'Research', ?)", department, enterprise, ts(earlier));
            String member = """
                    INSERT INTO enterprise_member (enterprise_id, account_id, department_id, company_email, joined_via, joined_at)
                    VALUES (?, ?, ?, ?, ?, ?)""";
            insert(connection, member, enterprise, person, department, "ada@works.example", "CREATOR", ts(earlier));
            insert(connection, member, enterprise, colleague, null, null, "INVITATION", ts(earlier));
            String admin = "INSERT INTO enterprise_admin (enterprise_id, account_id, granted_by, granted_at) VALUES (?, ?, ?, ?)";
            insert(connection, admin, enterprise, person, colleague, ts(earlier));
            insert(connection, admin, enterprise, colleague, person, ts(earlier));
            insert(connection, """
                    INSERT INTO member_import (id, enterprise_id, attested_by, attested_at, consent_obtained,
                        fields_necessary, fields, purpose, row_count)
                    VALUES (?, ?, ?, ?, true, true, ARRAY['name', 'phone'], 'staff meetings', 3)""", memberImport,
                    enterprise, person, ts(earlier));
            String invitation = """
                    INSERT INTO invitation (id, enterprise_id, token_hash, phone_cipher, phone_hash, email, invitee_name,
                        department_id, invited_by, member_import_id, status, created_at, expires_at, answered_by, closed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
            // Accepted by the person, sent to their number and address by the colleague
            insert(connection, invitation, UUID.randomUUID(), enterprise, "a" + person.toString().replace("-", ""),
                    sensitive.encrypt(phone), sensitive.lookupHash(phone), email, "Ada", department, colleague, null,
                    "ACCEPTED", ts(earlier), ts(now.plus(Duration.ofDays(5))), person, ts(now));
            // Sent by the person to someone else
            String inviteePhone = newPhone();
            insert(connection, invitation, UUID.randomUUID(), enterprise, "b" + person.toString().replace("-", ""),
                    sensitive.encrypt(inviteePhone), sensitive.lookupHash(inviteePhone), null, "Linus", null, person,
                    memberImport, "PENDING", ts(earlier), ts(now.plus(Duration.ofDays(5))), null, null);
            insert(connection, """
                    INSERT INTO sso_configuration (enterprise_id, issuer, client_id, client_secret_cipher, scopes,
                        email_claim, name_claim, verified_domains, updated_by, updated_at)
                    VALUES (?, 'https://idp.works.example', 'huiketang', ?, ARRAY['openid', 'email'], 'email', 'name',
                        ARRAY['works.example'], ?, ?)""", enterprise, sensitive.encrypt("secret"), person, ts(earlier));
            insert(connection, """
                    INSERT INTO sso_identity (enterprise_id, subject_hash, issuer, account_id, email, linked_at, last_login_at)
                    VALUES (?, ?, 'https://idp.works.example', ?, 'ada@works.example', ?, ?)""", enterprise,
                    sensitive.lookupHash("idp|ada-" + person), person, ts(earlier), ts(now));
            insert(connection, """
                    INSERT INTO wechat_identity (account_id, openid_cipher, openid_hash, unionid_cipher, unionid_hash,
                        nickname, avatar_url, gender, country, province, city, bound_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'ada', 'https://wx.example/ada.png', 'FEMALE', 'CN', 'Zhejiang', 'Hangzhou', ?, ?)""",
                    person, sensitive.encrypt("openid-" + person), sensitive.lookupHash("openid-" + person),
                    sensitive.encrypt("unionid-" + person), sensitive.lookupHash("unionid-" + person), ts(earlier),
                    ts(earlier));
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
