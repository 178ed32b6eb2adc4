package io.huiketang.privacy.staff;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.huiketang.kit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The platform staff member making this request, from a verified token of the staff realm. Staff
 * are recorded by a stable pseudonymous id (the identity provider's subject, never a username or
 * name) and shown to the people whose data they read only by their role.
 */
@RequestScoped
public class Staff {

    /** The prefix of staff ids in the audit log, so they never pass for a platform account id. */
    public static final String ID_PREFIX = "staff:";

    private final SecurityIdentity identity;

    Staff(SecurityIdentity identity) {
        this.identity = identity;
    }

    public boolean isStaff() {
        return !identity.isAnonymous() && StaffRoles.isStaffTenant(identity);
    }

    /** The staff roles of this caller ({@link StaffRoles#ALL}); empty for anyone who is not staff. */
    public Set<String> roles() {
        if (!isStaff()) {
            return Set.of();
        }
        return identity.getRoles().stream().filter(StaffRoles.ALL::contains).collect(Collectors.toUnmodifiableSet());
    }

    /** The stable id that audit records name this staff member by: {@code staff:<subject>}. */
    public String auditId() {
        requireStaff();
        return ID_PREFIX + ((JsonWebToken) identity.getPrincipal()).getSubject();
    }

    /**
     * The role this staff member acts in, as audit records and people see it: {@code privacy_operator}
     * when they hold it, else {@code auditor}, else {@code staff}.
     */
    public String auditRole() {
        Set<String> roles = roles();
        requireStaff();
        if (roles.contains(StaffRoles.PRIVACY_OPERATOR)) {
            return StaffRoles.PRIVACY_OPERATOR;
        }
        return roles.contains(StaffRoles.AUDITOR) ? StaffRoles.AUDITOR : "staff";
    }

    /** Refuses a caller whose token is not a staff token (a person's token, or none). */
    public void requireStaff() {
        if (!isStaff()) {
            throw ProblemException.forbidden("Only platform staff may do this.");
        }
    }
}
