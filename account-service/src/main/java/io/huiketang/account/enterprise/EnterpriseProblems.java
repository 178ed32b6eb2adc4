package io.huiketang.account.enterprise;

import java.net.URI;

import io.huiketang.kit.problem.ProblemException;

/** Problems about an enterprise's organisation that a client is expected to tell apart. */
public final class EnterpriseProblems {

    private EnterpriseProblems() {
    }

    public static ProblemException creditCodeOwned() {
        return ProblemException.typed(URI.create("https://huiketang.io/problems/credit-code-owned"), 409,
                "Credit code owned", "Another enterprise has proven that this unified social credit code is its own.");
    }

    public static ProblemException creditCodeNotInRegistry() {
        return ProblemException.typed(URI.create("https://huiketang.io/problems/credit-code-not-in-registry"), 409,
                "Credit code not in the registry", "The registry has no contact number for this unified social "
                        + "credit code, so it cannot be proven here: ask support to verify the enterprise.");
    }

    public static ProblemException lastAdmin() {
        return ProblemException.typed(URI.create("https://huiketang.io/problems/last-admin"), 409,
                "Last administrator", "An enterprise always has an administrator: grant the role to another "
                        + "member before this one gives it up.");
    }
}
