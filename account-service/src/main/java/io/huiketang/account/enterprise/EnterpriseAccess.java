package io.huiketang.account.enterprise;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.ProblemException;

/**
 * Who may act inside an enterprise, decided from the database (not from token claims, which may be
 * minutes old). An outsider learns nothing: an enterprise they do not belong to is "not found".
 */
@RequestScoped
public class EnterpriseAccess {

    private final Caller caller;

    EnterpriseAccess(Caller caller) {
        this.caller = caller;
    }

    public Enterprise requireMember(UUID enterpriseId) {
        Enterprise enterprise = Enterprise.findById(enterpriseId);
        if (enterprise == null || Member.find(enterpriseId, caller.accountId()) == null) {
            throw ProblemException.notFound("No enterprise with this id exists among yours.");
        }
        return enterprise;
    }

    public Enterprise requireAdmin(UUID enterpriseId) {
        Enterprise enterprise = requireMember(enterpriseId);
        if (!Admin.exists(enterpriseId, caller.accountId())) {
            throw ProblemException.forbidden("Only an administrator of this enterprise can do this.");
        }
        return enterprise;
    }

    /**
     * As {@link #requireAdmin}, and holds the enterprise's row lock until the transaction ends:
     * changes to one enterprise's admins, departments, members and invitations happen one at a
     * time, so rules checked by counting (never zero admins, no cycles) hold under concurrency.
     */
    public Enterprise requireAdminToChange(UUID enterpriseId) {
        Enterprise enterprise = requireAdmin(enterpriseId);
        enterprise.lockForChange();
        return enterprise;
    }
}
