package io.huiketang.account.enterprise;

import java.net.URI;

import io.huiketang.kit.problem.ProblemException;

/** Problems about an enterprise's organisation that a client is expected to tell apart. */
public final class EnterpriseProblems {

    private EnterpriseProblems() {
    }

    public static ProblemException lastAdmin() {
        return ProblemException.typed(URI.create("https://huiketang.io/problems/last-admin"), 409,
                "Last administrator", "An enterprise always has an administrator: grant the role to another "
                        + "member before this one gives it up.");
    }
}
