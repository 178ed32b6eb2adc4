package io.huiketang.account;

import java.net.URI;

import io.huiketang.kit.problem.ProblemException;

/** Problems a client of account-service is expected to tell apart (each has its own type URI). */
public final class AccountProblems {

    private static final String BASE = "https://huiketang.io/problems/";

    private AccountProblems() {
    }

    public static ProblemException invalidCode() {
        return ProblemException.typed(URI.create(BASE + "invalid-code"), 400, "Invalid verification code",
                "The code is wrong or has expired; check it or request a new one.");
    }

    public static ProblemException tooManyWrongCodes() {
        return ProblemException.typed(URI.create(BASE + "code-attempts-exhausted"), 400,
                "Too many wrong codes", "This code can no longer be used; request a new one.");
    }

    public static ProblemException accountNotFound() {
        return ProblemException.typed(URI.create(BASE + "account-not-found"), 404, "No account",
                "No account uses this number yet; register it first.");
    }

    public static ProblemException alreadyRegistered() {
        return ProblemException.typed(URI.create(BASE + "already-registered"), 409, "Already registered",
                "An account already uses this number; log in instead.");
    }

    public static ProblemException accountSuspended() {
        return ProblemException.typed(URI.create(BASE + "account-suspended"), 403, "Account suspended",
                "This account has been suspended by the platform; contact support.");
    }

    public static ProblemException invalidRefreshToken() {
        return ProblemException.typed(URI.create(BASE + "invalid-refresh-token"), 401, "Invalid refresh token",
                "The refresh token is unknown, expired, already used, or its session has ended; log in again.");
    }
}
