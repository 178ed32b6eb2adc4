package io.huiketang.account.stepup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.account.account.Account;
import io.huiketang.account.profile.Profiles;
import io.huiketang.account.sso.SsoIdentity;
import io.huiketang.account.token.AccessTokens;
import io.huiketang.account.verification.CodePurpose;
import io.huiketang.account.verification.CodeRequester;
import io.huiketang.account.verification.VerificationCodes;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.crypto.SensitiveFields;
import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.ProblemException;

/**
 * Step-up verification (RFC 9470 style): before an erasure or a first archive download,
 * privacy-service wants proof that the person holding the token is the account's owner now, not
 * just someone with a ten-minute-old token. The person proves a fresh one-time code sent to their
 * own number (SMS) or, for an account without one, to an e-mail address it holds: its verified
 * e-mail, else the address its enterprise's identity provider vouched for at the last SSO login
 * (SSO accounts have no number). The proof is a short-lived token with {@code acr} {@code otp} and
 * {@code auth_time}.
 */
@ApplicationScoped
public class StepUps {

    /** @param channel SMS or EMAIL */
    public record CodeSent(String channel, long expiresInSeconds, long resendAfterSeconds) {
    }

    /** @param authTime epoch seconds of the proof, as in the token */
    public record StepUpToken(String accessToken, String tokenType, long expiresIn, String acr, long authTime) {
    }

    private record Channel(String name, String address) {
    }

    private final Profiles profiles;
    private final Caller caller;
    private final VerificationCodes codes;
    private final SensitiveFields sensitive;
    private final AccessTokens tokens;
    private final StepUpConfig config;

    StepUps(Profiles profiles, Caller caller, VerificationCodes codes, SensitiveFields sensitive, AccessTokens tokens,
            StepUpConfig config) {
        this.profiles = profiles;
        this.caller = caller;
        this.codes = codes;
        this.sensitive = sensitive;
        this.tokens = tokens;
        this.config = config;
    }

    /** Sends the caller a step-up code, under the same limits as every code. */
    public CodeSent sendCode(CodeRequester requester) {
        Channel channel = channelOf(profiles.current());
        VerificationCodes.Sent sent = "SMS".equals(channel.name())
                ? codes.send(channel.address(), CodePurpose.STEP_UP, requester)
                : codes.sendByEmail(channel.address(), CodePurpose.STEP_UP, requester.address());
        return new CodeSent(channel.name(), sent.expiresInSeconds(), sent.resendAfterSeconds());
    }

    /** Spends the code (once) and mints the step-up token for the caller's session. */
    public StepUpToken verify(String code) {
        Account account = profiles.current();
        try {
            codes.verify(channelOf(account).address(), CodePurpose.STEP_UP, code);
        } catch (ProblemException e) {
            throw onField(e, "code");
        }
        Instant provenAt = Instant.now();
        String token = tokens.issueStepUp(account, UUID.fromString(caller.sessionId()), provenAt,
                config.tokenLifetime());
        return new StepUpToken(token, "Bearer", config.tokenLifetime().toSeconds(), Caller.ACR_OTP,
                provenAt.getEpochSecond());
    }

    private Channel channelOf(Account account) {
        if (account.phoneCipher != null) {
            return new Channel("SMS", sensitive.decrypt(account.phoneCipher));
        }
        if (account.email != null && account.emailVerified) {
            return new Channel("EMAIL", account.email);
        }
        SsoIdentity sso = SsoIdentity.<SsoIdentity>find("accountId = ?1 order by lastLoginAt desc", account.id)
                .firstResult();
        if (sso != null) {
            return new Channel("EMAIL", sso.email);
        }
        throw ProblemException.conflict("This account has neither a mobile number nor an e-mail address to send a "
                + "verification code to; verify an e-mail address first.");
    }

    /** The same problem (its type and detail kept), naming the field the client sent. */
    private static ProblemException onField(ProblemException e, String field) {
        Problem p = e.problem();
        return new ProblemException(new Problem(p.type(), p.title(), p.status(), p.detail(), null, null,
                List.of(new Problem.FieldError(field, p.detail()))));
    }
}
