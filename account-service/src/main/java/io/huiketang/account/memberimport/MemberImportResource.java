package io.huiketang.account.memberimport;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.huiketang.account.account.PhoneNumbers;
import io.huiketang.account.enterprise.Department;
import io.huiketang.account.enterprise.Enterprise;
import io.huiketang.account.enterprise.EnterpriseAccess;
import io.huiketang.account.invitation.Invitations;
import io.huiketang.account.policy.PolicyVersions;
import io.huiketang.kit.auth.Caller;
import io.huiketang.kit.problem.Problem;
import io.huiketang.kit.problem.ProblemException;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.Authenticated;

/**
 * Bulk import of people from a CSV (ACC-6), refused unless the administrator attests, in the
 * request, that every person in it consented and that the fields are necessary for a stated
 * purpose; the attestation is recorded. An import makes nobody a member (ACC-4): each row becomes
 * an invitation, sent by SMS (or e-mail without a mobile number), that the person accepts or not.
 * The whole file is checked first and written in one transaction: a bad row refuses the import.
 */
@Path("/api/v1/enterprises/{enterpriseId}/member-imports")
@Tag(name = "Member imports")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MemberImportResource {

    static final List<String> COLUMNS = List.of("name", "mobile", "email", "department");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String PROBLEMS = "https://huiketang.io/problems/";
    private static final int LISTED_ERRORS = 100;

    public record Skipped(int row, String reason) {
    }

    public record ImportResult(String id, Instant attestedAt, List<String> fields, String purpose, int rows,
            int invited, List<Skipped> skipped) {
    }

    public record AttestationView(String id, String attestedBy, Instant attestedAt, List<String> fields,
            String purpose, int rowCount) {
    }

    /** A valid row: the person to invite and where. */
    private record Row(int number, Invitations.Invitee invitee, UUID departmentId) {
    }

    private final Caller caller;
    private final EnterpriseAccess access;
    private final Invitations invitations;
    private final MemberImportsConfig config;
    private final PolicyVersions policies;

    MemberImportResource(Caller caller, EnterpriseAccess access, Invitations invitations, MemberImportsConfig config,
            PolicyVersions policies) {
        this.policies = policies;
        this.caller = caller;
        this.access = access;
        this.invitations = invitations;
        this.config = config;
    }

    @POST
    @Consumes("text/csv")
    @Transactional
    @Operation(summary = "Invite many people from a CSV (UTF-8; header row with columns among name, mobile, email, "
            + "department; department as its path from the top, e.g. 研发部/前端组), under an attestation")
    @APIResponse(responseCode = "201", description = "Attestation recorded and one invitation sent per row; rows for "
            + "members or people with a pending invitation are skipped")
    @APIResponse(responseCode = "400", description = "Not UTF-8 CSV, unknown columns, or invalid rows (each named as "
            + "rows[n].column, n counting people from 1)")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise, or has "
            + "not accepted the current privacy policy yet (type policy-acceptance-required)")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    @APIResponse(responseCode = "413", description = "The CSV is larger or has more rows than one import takes")
    @APIResponse(responseCode = "422", description = "The attestation is missing, incomplete, or does not cover the file's columns")
    public Response importMembers(@PathParam("enterpriseId") UUID enterpriseId,
            @Parameter(description = "Attests that every person in the file consented to this use of their data")
            @QueryParam("consentObtained") boolean consentObtained,
            @Parameter(description = "Attests that the named fields are necessary for the purpose")
            @QueryParam("fieldsNecessary") boolean fieldsNecessary,
            @Parameter(description = "The fields attested, comma-separated, e.g. name,mobile,department")
            @QueryParam("fields") String fields,
            @Parameter(description = "Why the enterprise imports these people") @QueryParam("purpose") String purpose,
            byte[] csv) {
        Enterprise enterprise = access.requireAdminToChange(enterpriseId);
        policies.requireAccepted(caller.accountId());
        List<String> attested = requireAttestation(consentObtained, fieldsNecessary, fields, purpose);
        if (csv == null || csv.length > config.maxBytes()) {
            throw ProblemException.of(413, "Payload too large",
                    "One import takes a CSV of at most " + config.maxBytes() + " bytes; split the file.");
        }
        List<List<String>> records = Csv.parse(utf8(csv)).stream().filter(r -> !Csv.isBlank(r)).toList();
        if (records.size() < 2) {
            throw ProblemException.badRequest("The CSV needs a header row and at least one person.");
        }
        List<String> header = header(records.get(0), attested);
        List<List<String>> people = records.subList(1, records.size());
        if (people.size() > config.maxRows()) {
            throw ProblemException.of(413, "Payload too large",
                    "One import takes at most " + config.maxRows() + " people; split the file.");
        }
        List<Row> rows = validRows(enterpriseId, header, people);

        Instant now = Instant.now();
        MemberImport memberImport = new MemberImport();
        memberImport.id = UUID.randomUUID();
        memberImport.enterpriseId = enterpriseId;
        memberImport.attestedBy = caller.accountId();
        memberImport.attestedAt = now;
        memberImport.consentObtained = true;
        memberImport.fieldsNecessary = true;
        memberImport.fields = attested.toArray(String[]::new);
        memberImport.purpose = purpose.strip();
        memberImport.rowCount = rows.size();
        memberImport.persist();

        List<Skipped> skipped = new ArrayList<>();
        for (Row row : rows) {
            Invitations.Obstacle obstacle = invitations.obstacle(enterpriseId, row.invitee(), now);
            if (obstacle != null) {
                skipped.add(new Skipped(row.number(), obstacle.name()));
            } else {
                invitations.issue(enterprise, row.invitee(), row.departmentId(), memberImport.attestedBy,
                        memberImport.id, now);
            }
        }
        return Response.created(URI.create("/api/v1/enterprises/" + enterpriseId + "/member-imports/" + memberImport.id))
                .entity(new ImportResult(memberImport.id.toString(), now, attested, memberImport.purpose, rows.size(),
                        rows.size() - skipped.size(), skipped))
                .build();
    }

    @GET
    @Operation(summary = "The enterprise's imports and their attestations, newest first")
    @APIResponse(responseCode = "200", description = "The attestations")
    @APIResponse(responseCode = "403", description = "The caller is not an administrator of this enterprise")
    @APIResponse(responseCode = "404", description = "No such enterprise among the caller's")
    public List<AttestationView> listMemberImports(@PathParam("enterpriseId") UUID enterpriseId) {
        access.requireAdmin(enterpriseId);
        return MemberImport.<MemberImport>list("enterpriseId", Sort.by("attestedAt", Sort.Direction.Descending),
                enterpriseId).stream()
                .map(i -> new AttestationView(i.id.toString(), i.attestedBy == null ? null : i.attestedBy.toString(),
                        i.attestedAt, List.of(i.fields), i.purpose, i.rowCount))
                .toList();
    }

    /** The attested fields, or a 422 naming every missing part of the attestation. */
    private static List<String> requireAttestation(boolean consentObtained, boolean fieldsNecessary, String fields,
            String purpose) {
        List<Problem.FieldError> missing = new ArrayList<>();
        if (!consentObtained) {
            missing.add(new Problem.FieldError("consentObtained", "must be true: every person in the file consented"));
        }
        if (!fieldsNecessary) {
            missing.add(new Problem.FieldError("fieldsNecessary", "must be true: the fields are necessary for the purpose"));
        }
        Set<String> attested = new LinkedHashSet<>();
        if (fields != null) {
            Arrays.stream(fields.split(",")).map(f -> f.strip().toLowerCase(Locale.ROOT)).filter(f -> !f.isEmpty())
                    .forEach(attested::add);
        }
        if (attested.isEmpty() || !COLUMNS.containsAll(attested)) {
            missing.add(new Problem.FieldError("fields", "must name the fields imported, among " + COLUMNS));
        }
        if (purpose == null || purpose.isBlank() || purpose.strip().length() > 500) {
            missing.add(new Problem.FieldError("purpose", "must state the purpose (at most 500 characters)"));
        }
        if (!missing.isEmpty()) {
            throw attestationProblem(missing);
        }
        return List.copyOf(attested);
    }

    private static List<String> header(List<String> record, List<String> attested) {
        List<String> header = record.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
        for (String column : header) {
            if (!COLUMNS.contains(column) || header.indexOf(column) != header.lastIndexOf(column)) {
                throw ProblemException.invalidField("header",
                        "has an unknown or repeated column '" + column + "'; use each of " + COLUMNS + " at most once");
            }
        }
        if (!header.contains("mobile") && !header.contains("email")) {
            throw ProblemException.invalidField("header", "needs a mobile or an email column");
        }
        List<Problem.FieldError> unattested = header.stream().filter(c -> !attested.contains(c))
                .map(c -> new Problem.FieldError("fields", "does not name the file's column '" + c + "'")).toList();
        if (!unattested.isEmpty()) {
            throw attestationProblem(unattested);
        }
        return header;
    }

    /** Every row checked, every error collected: either all rows are valid or the import is refused. */
    private static List<Row> validRows(UUID enterpriseId, List<String> header, List<List<String>> people) {
        Map<String, UUID> departments = departmentPaths(enterpriseId);
        Map<String, Integer> seen = new HashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            int number = i + 1;
            String at = "rows[" + number + "]";
            List<String> values = people.get(i);
            if (values.size() != header.size()) {
                errors.add(new Problem.FieldError(at, "has " + values.size() + " values; the header has " + header.size()));
                continue;
            }
            Map<String, String> cell = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String value = values.get(c).strip();
                cell.put(header.get(c), value.isEmpty() ? null : value);
            }
            int before = errors.size();
            String phone = null;
            if (cell.get("mobile") != null) {
                try {
                    phone = PhoneNumbers.normalize(cell.get("mobile"), at + ".mobile");
                } catch (ProblemException e) {
                    errors.add(new Problem.FieldError(at + ".mobile", "is not a valid mobile number"));
                }
            }
            String email = cell.get("email");
            if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
                errors.add(new Problem.FieldError(at + ".email", "is not a valid e-mail address"));
            }
            String name = cell.get("name");
            if (name != null && name.length() > 64) {
                errors.add(new Problem.FieldError(at + ".name", "is longer than 64 characters"));
            }
            UUID departmentId = null;
            if (cell.get("department") != null) {
                departmentId = departments.get(cell.get("department"));
                if (departmentId == null) {
                    errors.add(new Problem.FieldError(at + ".department", "is not a department path of this enterprise"));
                }
            }
            if (cell.get("mobile") == null && email == null) {
                errors.add(new Problem.FieldError(at, "needs a mobile number or an e-mail address"));
            }
            String address = phone != null ? phone : email == null ? null : email.toLowerCase(Locale.ROOT);
            if (address != null) {
                Integer first = seen.putIfAbsent(address, number);
                if (first != null) {
                    errors.add(new Problem.FieldError(at + (phone != null ? ".mobile" : ".email"),
                            "repeats the person of row " + first));
                }
            }
            if (errors.size() == before) {
                rows.add(new Row(number, new Invitations.Invitee(phone, email, name), departmentId));
            }
        }
        if (!errors.isEmpty()) {
            String detail = errors.size() + " problem(s) in the file; nothing was imported. Rows count people from 1"
                    + (errors.size() > LISTED_ERRORS ? "; the first " + LISTED_ERRORS + " are listed." : ".");
            throw new ProblemException(new Problem(URI.create(PROBLEMS + "invalid-import-rows"), "Invalid rows", 400,
                    detail, null, null, errors.subList(0, Math.min(errors.size(), LISTED_ERRORS))));
        }
        return rows;
    }

    /** Each department by its path from the top, e.g. {@code 研发部/前端组}. */
    private static Map<String, UUID> departmentPaths(UUID enterpriseId) {
        Map<UUID, Department> byId = new HashMap<>();
        Department.<Department>list("enterpriseId", enterpriseId).forEach(d -> byId.put(d.id, d));
        Map<String, UUID> paths = new HashMap<>();
        for (Department department : byId.values()) {
            StringBuilder path = new StringBuilder(department.name);
            for (Department up = byId.get(department.parentId); up != null; up = byId.get(up.parentId)) {
                path.insert(0, up.name + "/");
            }
            paths.put(path.toString(), department.id);
        }
        return paths;
    }

    private static String utf8(byte[] csv) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(csv)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("The CSV must be encoded in UTF-8.");
        }
    }

    private static ProblemException attestationProblem(List<Problem.FieldError> errors) {
        return new ProblemException(new Problem(URI.create(PROBLEMS + "attestation-required"), "Attestation required",
                422, "A member import needs the administrator's attestation (ACC-6): consentObtained=true, "
                        + "fieldsNecessary=true, the fields imported and the purpose.",
                null, null, errors));
    }
}
