package io.huiketang.account.invitation;

import java.net.URI;

import io.huiketang.kit.problem.ProblemException;

/** Answers about an invitation that a client is expected to tell apart. */
public final class InvitationProblems {

    private static final String BASE = "https://huiketang.io/problems/";

    private InvitationProblems() {
    }

    public static ProblemException unknown() {
        return ProblemException.notFound("No invitation has this token.");
    }

    public static ProblemException expired() {
        return ProblemException.typed(URI.create(BASE + "invitation-expired"), 410, "Invitation expired",
                "This invitation has expired; ask the enterprise for a new one.");
    }

    public static ProblemException withdrawn() {
        return ProblemException.typed(URI.create(BASE + "invitation-withdrawn"), 410, "Invitation withdrawn",
                "The enterprise has withdrawn this invitation.");
    }

    public static ProblemException answered() {
        return ProblemException.typed(URI.create(BASE + "invitation-answered"), 409, "Invitation already answered",
                "This invitation has already been accepted or declined.");
    }

    public static ProblemException forAnotherNumber() {
        return ProblemException.typed(URI.create(BASE + "invitation-for-another-number"), 403,
                "Invitation for another number",
                "This invitation was sent to another mobile number; log in with the account of that number.");
    }

    public static ProblemException alreadyMember() {
        return ProblemException.typed(URI.create(BASE + "already-member"), 409, "Already a member",
                "This person is already a member of the enterprise.");
    }

    public static ProblemException alreadyInvited() {
        return ProblemException.typed(URI.create(BASE + "already-invited"), 409, "Already invited",
                "An invitation to this address is pending; revoke it before inviting again.");
    }
}
