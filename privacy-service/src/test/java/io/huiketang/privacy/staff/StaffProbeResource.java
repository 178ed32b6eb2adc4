package io.huiketang.privacy.staff;

import java.util.Map;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;

/** Test-only endpoints that show what privacy-service takes a caller to be and which roles it grants. */
@Path("/privacy-test/staff")
@Produces(MediaType.APPLICATION_JSON)
public class StaffProbeResource {

    private final Staff staff;

    StaffProbeResource(Staff staff) {
        this.staff = staff;
    }

    @GET
    @Authenticated
    public Map<String, Object> whoAmI() {
        return Map.of("staff", staff.isStaff(), "roles", new TreeSet<>(staff.roles()));
    }

    @GET
    @Path("/operator")
    @RolesAllowed(StaffRoles.PRIVACY_OPERATOR)
    public Map<String, Object> operator() {
        return Map.of("auditId", staff.auditId(), "auditRole", staff.auditRole());
    }

    @GET
    @Path("/auditor")
    @RolesAllowed(StaffRoles.AUDITOR)
    public Map<String, Object> auditor() {
        return Map.of("auditId", staff.auditId(), "auditRole", staff.auditRole());
    }

    @GET
    @Path("/person")
    @RolesAllowed("user")
    public Map<String, Object> person() {
        return Map.of("staff", staff.isStaff());
    }
}
