package io.huiketang.account.wechat;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.huiketang.account.account.Account;
import io.huiketang.account.account.AccountStatus;
import io.huiketang.account.account.AgeBracket;
import io.huiketang.account.account.DisplayNames;
import io.huiketang.account.profile.AvatarUrls;
import io.huiketang.account.registration.Registrations;
import io.huiketang.account.token.Sessions;
import io.huiketang.account.token.TokenPair;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.ProblemException;

/**
 * Login and registration with WeChat (ACC-2). A known WeChat user gets tokens; an unknown one gets
 * a ticket and finishes by proving a mobile number: a new account, or the number's existing one.
 */
@ApplicationScoped
public class WeChatLogins {

    private static final String AUTH_METHOD = "WECHAT";

    /** Either tokens (a known WeChat user) or a pending registration (an unknown one). */
    public record Outcome(TokenPair tokens, PendingRegistration pending) {
    }

    /** @param nickname and {@code avatarUrl}: WeChat's, for the client to prefill the registration form */
    public record PendingRegistration(String registrationTicket, long expiresInSeconds, String nickname,
            String avatarUrl) {
    }

    /** @param created false when the WeChat account was bound to the number's existing account */
    public record Bound(Account account, boolean created, TokenPair tokens) {
    }

    private final WeChatApi wechat;
    private final RegistrationTickets tickets;
    private final Registrations registrations;
    private final VerificationCodes codes;
    private final SensitiveFields sensitive;
    private final Sessions sessions;
    private final WeChatConfig config;
    private final AvatarUrls avatars;

    WeChatLogins(WeChatApi wechat, RegistrationTickets tickets, Registrations registrations, VerificationCodes codes,
            SensitiveFields sensitive, Sessions sessions, WeChatConfig config, AvatarUrls avatars) {
        this.wechat = wechat;
        this.tickets = tickets;
        this.registrations = registrations;
        this.codes = codes;
        this.sensitive = sensitive;
        this.sessions = sessions;
        this.config = config;
        this.avatars = avatars;
    }

    @Transactional
    public Outcome login(String code) {
        WeChatApi.AccessToken token = wechat.exchange(code);
        WeChatProfile profile = WeChatProfile.of(token, wechat.userInfo(token));
        WeChatIdentity identity = known(profile);
        if (identity == null) {
            return new Outcome(null, new PendingRegistration(tickets.issue(profile),
                    config.registrationTicketLifetime().toSeconds(), profile.nickname(), profile.avatarUrl()));
        }
        Account account = Account.findById(identity.accountId);
        if (account.status == AccountStatus.CANCELLED) {
            throw ProblemException.gone("The account of this WeChat user has been cancelled.");
        }
        keep(identity, profile); // nickname, avatar and region as WeChat shows them today
        return new Outcome(sessions.open(account, AUTH_METHOD), null);
    }

    /**
     * Binds the ticket's WeChat account to the mobile number the person proves with a LOGIN code:
     * to the number's account if it has one, else to a new account under the same terms as a
     * phone registration (current policy, age, guardian consent for a child).
     */
    @Transactional
    public Bound register(String ticket, String phone, String code, String displayName, String policyVersion,
            LocalDate birthDate, AgeBracket ageBracket) {
        String chosenName = displayName == null || displayName.isBlank() ? null
                : DisplayNames.require(displayName, "displayName");
        WeChatProfile profile = tickets.profile(ticket);
        Account account = Account.findByPhoneHash(sensitive.lookupHash(phone));
        if (account == null) {
            registrations.checkNewAccountTerms(policyVersion, birthDate, ageBracket);
        }
        codes.verify(phone, CodePurpose.LOGIN, code);
        if (account != null && account.status == AccountStatus.CANCELLED) {
            throw ProblemException.conflict("The account of this number has been cancelled.");
        }
        if (account != null && WeChatIdentity.findById(account.id) != null) {
            throw ProblemException.conflict("The account of this number is already bound to another WeChat account.");
        }
        if (known(profile) != null) {
            throw ProblemException.conflict("This WeChat account is already bound to an account.");
        }
        tickets.spend(ticket);
        boolean created = account == null;
        if (created) {
            // WeChat's nickname and avatar are WeChat's answer, held to the platform's rules like a person's input
            String nickname = DisplayNames.sanitized(profile.nickname());
            String name = chosenName != null ? chosenName : nickname != null ? nickname : "微信用户";
            account = registrations.createAccount(phone, name, policyVersion, birthDate, ageBracket, AUTH_METHOD);
            account.avatarUrl = avatars.acceptedOrNull(profile.avatarUrl());
        }
        WeChatIdentity identity = new WeChatIdentity();
        identity.accountId = account.id;
        identity.openidCipher = sensitive.encrypt(profile.openid());
        identity.openidHash = sensitive.lookupHash(profile.openid());
        identity.boundAt = Instant.now();
        keep(identity, profile);
        identity.persist();
        return new Bound(account, created, sessions.open(account, AUTH_METHOD));
    }

    /** By openid, or by unionid: the same person seen through another app of the same Open Platform account. */
    private WeChatIdentity known(WeChatProfile profile) {
        WeChatIdentity identity = WeChatIdentity.findByOpenidHash(sensitive.lookupHash(profile.openid()));
        if (identity == null && profile.unionid() != null) {
            identity = WeChatIdentity.findByUnionidHash(sensitive.lookupHash(profile.unionid()));
        }
        return identity;
    }

    private void keep(WeChatIdentity identity, WeChatProfile profile) {
        if (profile.unionid() != null) {
            identity.unionidCipher = sensitive.encrypt(profile.unionid());
            identity.unionidHash = sensitive.lookupHash(profile.unionid());
        }
        identity.nickname = profile.nickname();
        identity.avatarUrl = profile.avatarUrl();
        identity.gender = profile.gender();
        identity.country = profile.country();
        identity.province = profile.province();
        identity.city = profile.city();
        identity.updatedAt = Instant.now();
    }
}
