package io.huiketang.privacy.staff;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.huiketang.kit.auth.StaffTenantResolver;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Keeps the staff roles where they belong. A token of the staff tenant keeps only the staff roles
 * (Keycloak's own default roles mean nothing here, and it gets none of the platform's such as
 * {@code user}); a token of any other tenant loses them, so a platform token that names
 * {@code privacy_operator} or {@code auditor} (minted by a compromised or mistaken issuer) can
 * never act as staff in privacy-service.
 */
@ApplicationScoped
public class StaffRoles implements SecurityIdentityAugmentor {

    public static final String PRIVACY_OPERATOR = "privacy_operator";
    public static final String AUDITOR = "auditor";
    public static final Set<String> ALL = Set.of(PRIVACY_OPERATOR, AUDITOR);

    /** Last of all augmentors: nothing that runs later can bring a staff role back. */
    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        boolean staff = isStaffTenant(identity);
        Set<String> roles = identity.getRoles().stream()
                .filter(role -> staff == ALL.contains(role))
                .collect(Collectors.toUnmodifiableSet());
        if (roles.equals(identity.getRoles())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .addPermissionChecker(identity::checkPermission)
                .build());
    }

    static boolean isStaffTenant(SecurityIdentity identity) {
        return StaffTenantResolver.TENANT.equals(identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE));
    }
}
