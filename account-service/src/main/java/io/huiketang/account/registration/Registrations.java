package io.huiketang.account.registration;

import io.huiketang.account.metrics.AccountMetrics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.account.AccountProblems;
import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.events.AccountEvents;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.account.token.Sessions;
import io.huiketang.account.token.TokenPair;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.outbox.Outbox;
import io.huiketang.kit.problem.ProblemException;

/** Personal registration and login by mobile number (ACC-1), with policy acceptance and the rules for minors (ACC-10). */
@ApplicationScoped
public class Registrations {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** The outcome of a registration: the account, its first tokens, and what the client must tell the person. */
    public record Registered(Account account, TokenPair tokens) {
    }

    private final VerificationCodes codes;
    private final SensitiveFields sensitive;
    private final Sessions sessions;
    private final Outbox outbox;
    private final PolicyVersions policies;
    private final AccountMetrics metrics;

    Registrations(VerificationCodes codes, SensitiveFields sensitive, Sessions sessions, Outbox outbox,
            PolicyVersions policies, AccountMetrics metrics) {
        this.metrics = metrics;
        this.codes = codes;
        this.sensitive = sensitive;
        this.sessions = sessions;
        this.outbox = outbox;
        this.policies = policies;
    }

    /**
     * @param phone      normalised E.164 number
     * @param birthDate  or {@code ageBracket}: exactly one of them
     */
    @Transactional
    public Registered register(String phone, String code, String displayName, String policyVersion,
            LocalDate birthDate, AgeBracket ageBracket) {
        checkNewAccountTerms(policyVersion, birthDate, ageBracket);
        codes.verify(phone, CodePurpose.LOGIN, code);
        if (Account.findByPhoneHash(sensitive.lookupHash(phone)) != null) {
            throw AccountProblems.alreadyRegistered();
        }
        Account account = createAccount(phone, displayName, policyVersion, birthDate, ageBracket, "PHONE");
        return new Registered(account, sessions.open(account, "PHONE"));
    }

    /**
     * What every new account needs, checked before a code is spent on it: the current policy
     * accepted, and either a plausible birth date or an age bracket.
     */
    public void checkNewAccountTerms(String policyVersion, LocalDate birthDate, AgeBracket ageBracket) {
        policies.requireCurrent(policyVersion, "policyVersion");
        if ((birthDate == null) == (ageBracket == null)) {
            throw ProblemException.invalidField("birthDate", "give either a birth date or an age bracket");
        }
        LocalDate today = LocalDate.now(CHINA);
        if (birthDate != null && (birthDate.isAfter(today) || birthDate.isBefore(today.minusYears(130)))) {
            throw ProblemException.invalidField("birthDate", "is not a plausible birth date");
        }
    }

    /**
     * Creates the account of a person who has just proved their number (terms already checked) and
     * publishes its registration and policy acceptance. A child's account waits for a guardian.
     *
     * @param registeredVia PHONE, WECHAT, SSO or INVITATION
     */
    @Transactional
    public Account createAccount(String phone, String displayName, String policyVersion, LocalDate birthDate,
            AgeBracket ageBracket, String registeredVia) {
        Instant now = Instant.now();
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.displayName = displayName.strip();
        account.phoneCipher = sensitive.encrypt(phone);
        account.phoneHash = sensitive.lookupHash(phone);
        account.ageBracket = birthDate != null ? AgeBracket.of(birthDate, LocalDate.now(CHINA)) : ageBracket;
        account.birthDateCipher = birthDate == null ? null : sensitive.encrypt(birthDate.toString());
        account.status = account.ageBracket == AgeBracket.CHILD ? AccountStatus.PENDING_GUARDIAN_CONSENT
                : AccountStatus.ACTIVE;
        account.createdAt = now;
        account.updatedAt = now;
        account.persist();

        String id = account.id.toString();
        outbox.publish(AccountEvents.TOPIC, "account", id, AccountEvents.ACCOUNT_REGISTERED,
                new AccountEvents.AccountRegistered(id, account.status.name(), account.ageBracket.name(),
                        registeredVia, account.residencyRegion, now.toString()));
        metrics.registered(registeredVia);
        policies.accepted(account, policyVersion,
                "WECHAT".equals(registeredVia) ? PolicyVersions.Channel.WECHAT : PolicyVersions.Channel.REGISTRATION,
                null, registeredVia);
        return account;
    }

    @Transactional
    public TokenPair login(String phone, String code) {
        codes.verify(phone, CodePurpose.LOGIN, code);
        Account account = Account.findByPhoneHash(sensitive.lookupHash(phone));
        if (account == null || account.status == AccountStatus.CANCELLED) {
            throw AccountProblems.accountNotFound();
        }
        return sessions.open(account, "PHONE");
    }
}
