package io.huiketang.account.enterprise;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.DisplayNames;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;

/**
 * An enterprise's organisation tree (ACC-6). Members read it; admins create, rename, move and
 * delete departments. Moves never make a cycle; only an empty department can be deleted.
 */
@Path("/api/v1/enterprises/{enterpriseId}/departments")
@Tag(name = "Departments")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DepartmentResource {

    /** @param parentId null for a top-level department */
    public record DepartmentRequest(@NotBlank @Size(max = 64) String name, UUID parentId) {
    }

    public record DepartmentView(String id, String parentId, String name, long memberCount, Instant createdAt) {
    }

    private final EnterpriseAccess access;

    DepartmentResource(EnterpriseAccess access) {
        this.access = access;
    }

    @GET
    @Operation(summary = "All departments, flat: each names its parent, so the client can draw the tree")
    @APIResponse(responseCode = "200", description = "The departments, by name")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public List<DepartmentView> listDepartments(@PathParam("enterpriseId") UUID enterpriseId) {
        access.requireMember(enterpriseId);
        Map<UUID, Long> memberCounts = Member.<Member>list("enterpriseId = ?1 and departmentId is not null", enterpriseId)
                .stream().collect(Collectors.groupingBy(m -> m.departmentId, Collectors.counting()));
        return Department.<Department>list("enterpriseId", Sort.by("name"), enterpriseId).stream()
                .map(d -> view(d, memberCounts.getOrDefault(d.id, 0L))).toList();
    }

    @POST
    @Transactional
    @Operation(summary = "Create a department, at the top or under a parent")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Missing name, or a parent that is not a department of this enterprise")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    @APIResponse(responseCode = "409", description = "A sibling already has this name")
    public Response createDepartment(@PathParam("enterpriseId") UUID enterpriseId, @Valid @NotNull DepartmentRequest request) {
        access.requireAdminToChange(enterpriseId);
        Department parent = Department.requireIn(enterpriseId, request.parentId(), "parentId");
        Department department = new Department();
        department.id = UUID.randomUUID();
        department.enterpriseId = enterpriseId;
        department.parentId = parent == null ? null : parent.id;
        department.name = DisplayNames.require(request.name(), "name");
        department.createdAt = Instant.now();
        requireUniqueAmongSiblings(department.id, enterpriseId, department.parentId, department.name);
        department.persist();
        return Response.created(URI.create("/api/v1/enterprises/" + enterpriseId + "/departments/" + department.id))
                .entity(view(department, 0)).build();
    }

    @PUT
    @Path("/{departmentId}")
    @Transactional
    @Operation(summary = "Rename and/or move a department (with its sub-departments and members)")
    @APIResponse(responseCode = "200", description = "The department as it is now")
    @APIResponse(responseCode = "400", description = "Missing name, or a parent that is not a department of this enterprise")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such department in it")
    @APIResponse(responseCode = "409", description = "The move would put the department under itself, or a sibling has this name")
    public DepartmentView updateDepartment(@PathParam("enterpriseId") UUID enterpriseId,
            @PathParam("departmentId") UUID departmentId, @Valid @NotNull DepartmentRequest request) {
        access.requireAdminToChange(enterpriseId);
        Department department = requireDepartment(enterpriseId, departmentId);
        Department parent = Department.requireIn(enterpriseId, request.parentId(), "parentId");
        for (Department up = parent; up != null; up = up.parentId == null ? null : Department.findById(up.parentId)) {
            if (up.id.equals(department.id)) {
                throw ProblemException.conflict("A department cannot be moved under itself or one of its sub-departments.");
            }
        }
        UUID parentId = parent == null ? null : parent.id;
        String name = DisplayNames.require(request.name(), "name");
        // Checked before the entity changes: a query would flush the change and hit the unique index first
        requireUniqueAmongSiblings(department.id, enterpriseId, parentId, name);
        department.parentId = parentId;
        department.name = name;
        return view(department, Member.count("enterpriseId = ?1 and departmentId = ?2", enterpriseId, departmentId));
    }

    @DELETE
    @Path("/{departmentId}")
    @Transactional
    @Operation(summary = "Delete an empty department")
    @APIResponse(responseCode = "204", description = "Deleted; pending invitations into it will place their invitee at the top")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's, or no such department in it")
    @APIResponse(responseCode = "409", description = "The department still has sub-departments or members")
    public void deleteDepartment(@PathParam("enterpriseId") UUID enterpriseId, @PathParam("departmentId") UUID departmentId) {
        access.requireAdminToChange(enterpriseId);
        Department department = requireDepartment(enterpriseId, departmentId);
        if (Department.count("parentId", departmentId) > 0) {
            throw ProblemException.conflict("The department has sub-departments: move or delete them first.");
        }
        if (Member.count("enterpriseId = ?1 and departmentId = ?2", enterpriseId, departmentId) > 0) {
            throw ProblemException.conflict("The department has members: move them to another department first.");
        }
        department.delete();
    }

    private static Department requireDepartment(UUID enterpriseId, UUID departmentId) {
        Department department = Department.findIn(enterpriseId, departmentId);
        if (department == null) {
            throw ProblemException.notFound("No department with this id belongs to this enterprise.");
        }
        return department;
    }

    private static void requireUniqueAmongSiblings(UUID id, UUID enterpriseId, UUID parentId, String name) {
        long taken = parentId == null
                ? Department.count("enterpriseId = ?1 and parentId is null and name = ?2 and id <> ?3", enterpriseId, name, id)
                : Department.count("enterpriseId = ?1 and parentId = ?4 and name = ?2 and id <> ?3", enterpriseId, name, id,
                        parentId);
        if (taken > 0) {
            throw ProblemException.conflict("Another department at this place in the tree already has this name.");
        }
    }

    private static DepartmentView view(Department department, long memberCount) {
        return new DepartmentView(department.id.toString(),
                department.parentId == null ? null : department.parentId.toString(), department.name, memberCount,
                department.createdAt);
    }
}
