package io.huiketang.account.memberimport;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.Members.anyInvitationTextedTo;
import static io.huiketang.account.support.Members.invitationTokenMailedTo;
import static io.huiketang.account.support.Members.invitationTokenTextedTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agroal.api.AgroalDataSource;
import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Members;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Bulk import (ACC-6): refused without the admin's attestation, which is recorded; each row becomes
 * an invitation (ACC-4: nobody becomes a member without accepting); one bad row refuses the file.
 */
@QuarkusTest
class MemberImportTest {

    private static final String CSV = "text/csv; charset=UTF-8";
    private static final String PURPOSE = "为员工开通企业视频会议账号";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MemberImportDataSection attestations;

    record Enterprise(String id, String adminId, String adminToken) {

        String imports() {
            return "/api/v1/enterprises/" + id + "/member-imports";
        }
    }

    static Enterprise enterprise(String name) {
        JsonPath admin = registerAdult(newPhone());
        String token = admin.getString("tokens.accessToken");
        return new Enterprise(Enterprises.create(token, name).getString("id"), admin.getString("accountId"), token);
    }

    @Test
    void anAttestedImportInvitesEveryRowRecordsTheAttestationAndMakesNoMember() throws Exception {
        Enterprise e = enterprise("批量导入公司");
        String rnd = department(e, "研发部", null);
        String frontend = department(e, "前端组", rnd);
        String memberPhone = newPhone();
        Members.join(e.adminToken(), e.id(), memberPhone, registerAdult(memberPhone).getString("tokens.accessToken"), null);
        String zhang = newPhone();
        String li = newPhone();
        String wang = "wang+" + UUID.randomUUID() + "@example.com";
        String alreadyInvited = newPhone();
        given().header("Authorization", "Bearer " + e.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("phone", alreadyInvited)).when().post("/api/v1/enterprises/" + e.id() + "/invitations")
                .then().statusCode(201);
        String csv = "name,mobile,email,department\r\n"
                + "张三," + zhang.substring(3) + ",,研发部/前端组\r\n"
                + "\"李, 四\"," + li + ",li@example.com,\r\n"
                + "王五,," + wang + ",研发部\r\n"
                + "老成员," + memberPhone + ",,\r\n"
                + "已邀请," + alreadyInvited + ",,\r\n";

        String importId = attested(e, "name,mobile,email,department").body(csv).when().post(e.imports())
                .then().statusCode(201)
                .header("Location", containsString(e.imports() + "/"))
                .body("rows", equalTo(5))
                .body("invited", equalTo(3))
                .body("skipped.row", equalTo(List.of(4, 5)))
                .body("skipped.reason", equalTo(List.of("ALREADY_MEMBER", "ALREADY_INVITED")))
                .body("fields", equalTo(List.of("name", "mobile", "email", "department")))
                .body("purpose", equalTo(PURPOSE))
                .extract().path("id");

        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement("SELECT attested_by, consent_obtained, fields_necessary, fields, "
                        + "purpose, row_count, enterprise_id FROM member_import WHERE id = ?::uuid")) {
            select.setString(1, importId);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(e.adminId(), rs.getString(1));
                assertTrue(rs.getBoolean(2));
                assertTrue(rs.getBoolean(3));
                assertArrayEquals(new String[] { "name", "mobile", "email", "department" },
                        (String[]) rs.getArray(4).getArray());
                assertEquals(PURPOSE, rs.getString(5));
                assertEquals(5, rs.getInt(6));
                assertEquals(e.id(), rs.getString(7));
            }
        }
        given().header("Authorization", "Bearer " + e.adminToken()).when().get(e.imports())
                .then().statusCode(200).body("[0].id", equalTo(importId)).body("[0].attestedBy", equalTo(e.adminId()))
                .body("[0].rowCount", equalTo(5));

        // Invited, not members: the list still holds only the admin and the earlier member
        given().header("Authorization", "Bearer " + e.adminToken()).when().get("/api/v1/enterprises/" + e.id() + "/members")
                .then().body("total", equalTo(2));
        given().header("Authorization", "Bearer " + e.adminToken()).when().get("/api/v1/enterprises/" + e.id() + "/invitations")
                .then().body("find { it.name == '李, 四' }.email", equalTo("li@example.com"))
                .body("find { it.name == '王五' }.channel", equalTo("EMAIL"))
                .body("find { it.name == '张三' }.memberImportId", equalTo(importId));
        assertTrue(invitationTokenMailedTo(wang).length() == 43);

        String zhangToken = registerAdult(zhang).getString("tokens.accessToken");
        given().header("Authorization", "Bearer " + zhangToken)
                .when().post("/api/v1/invitations/" + invitationTokenTextedTo(zhang) + "/accept")
                .then().statusCode(200).body("joinedVia", equalTo("IMPORT")).body("departmentId", equalTo(frontend));
    }

    @Test
    void anImportWithoutAFullAttestationIsRefusedAndNothingIsRecorded() throws Exception {
        Enterprise e = enterprise("未声明导入公司");
        String phone = newPhone();
        String csv = "name,mobile\n某人," + phone + "\n";

        given().header("Authorization", "Bearer " + e.adminToken()).contentType(CSV).body(csv).when().post(e.imports())
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/attestation-required"))
                .body("errors.field", equalTo(List.of("consentObtained", "fieldsNecessary", "fields", "purpose")));
        given().header("Authorization", "Bearer " + e.adminToken()).contentType(CSV)
                .queryParam("consentObtained", false).queryParam("fieldsNecessary", true)
                .queryParam("fields", "name,mobile").queryParam("purpose", PURPOSE)
                .body(csv).when().post(e.imports())
                .then().statusCode(422).body("errors.field", equalTo(List.of("consentObtained")));
        given().header("Authorization", "Bearer " + e.adminToken()).contentType(CSV)
                .queryParam("consentObtained", true).queryParam("fieldsNecessary", true)
                .queryParam("fields", "name,mobile").queryParam("purpose", " ")
                .body(csv).when().post(e.imports())
                .then().statusCode(422).body("errors.field", equalTo(List.of("purpose")));
        attested(e, "name,salary").body(csv).when().post(e.imports())
                .then().statusCode(422).body("errors.field", equalTo(List.of("fields")));
        // The file holds a column the admin did not attest to
        attested(e, "mobile").body(csv).when().post(e.imports())
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("fields"))
                .body("errors[0].message", containsString("'name'"));

        assertEquals(0, importsOf(e));
        assertFalse(anyInvitationTextedTo(phone));
    }

    @Test
    void aFileWithInvalidRowsIsRefusedWholeListingEveryRow() throws Exception {
        Enterprise e = enterprise("错误行导入公司");
        department(e, "销售部", null);
        String good = newPhone();
        String twice = newPhone();
        String csv = "name,mobile,email,department\n"
                + "好人," + good + ",,销售部\n"
                + "坏号码,12345,,\n"
                + "无部门," + newPhone() + ",,不存在的部门\n"
                + "无地址,,,\n"
                + "重复," + twice + ",,\n"
                + "重复," + twice + ",bad-email,\n"
                + "少列," + newPhone() + "\n";

        attested(e, "name,mobile,email,department").body(csv).when().post(e.imports())
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://huiketang.io/problems/invalid-import-rows"))
                .body("errors.field", equalTo(List.of("rows[2].mobile", "rows[3].department", "rows[4]",
                        "rows[6].email", "rows[6].mobile", "rows[7]")));

        assertEquals(0, importsOf(e));
        assertFalse(anyInvitationTextedTo(good), "a refused import sends nothing");
    }

    @Test
    void oversizeMalformedOrEmptyFilesAreProblems() {
        Enterprise e = enterprise("文件格式公司");
        StringBuilder big = new StringBuilder("name,mobile\n");
        while (big.length() <= 262_144) {
            big.append("某某某某某某某某,+8613900000000\n");
        }
        attested(e, "name,mobile").body(big.toString()).when().post(e.imports())
                .then().statusCode(413).contentType("application/problem+json");
        attested(e, "name,mobile").body(new byte[] { 'n', 'a', 'm', 'e', '\n', (byte) 0xC3, (byte) 0x28 })
                .when().post(e.imports())
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("The CSV must be encoded in UTF-8."));
        attested(e, "name,mobile").body("name,mobile\n").when().post(e.imports())
                .then().statusCode(400).contentType("application/problem+json");
        attested(e, "name,mobile").body("name,phone\n张三,13900000000\n").when().post(e.imports())
                .then().statusCode(400).body("errors[0].field", equalTo("header"));
        attested(e, "name").body("name\n张三\n").when().post(e.imports())
                .then().statusCode(400).body("errors[0].field", equalTo("header"));
        attested(e, "name,mobile").body("name,mobile\n\"张三,13900000000\n").when().post(e.imports())
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + e.adminToken()).contentType(ContentType.JSON).body("{}")
                .queryParam("consentObtained", true).when().post(e.imports())
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void onlyTheEnterprisesAdminsImport() {
        Enterprise e = enterprise("导入权限公司");
        Enterprise other = enterprise("他家导入公司");
        String memberPhone = newPhone();
        String memberToken = registerAdult(memberPhone).getString("tokens.accessToken");
        Members.join(e.adminToken(), e.id(), memberPhone, memberToken, null);
        String csv = "mobile\n" + newPhone() + "\n";

        attestedBy(memberToken, "mobile").body(csv).when().post(e.imports())
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + memberToken).when().get(e.imports()).then().statusCode(403);
        attestedBy(other.adminToken(), "mobile").body(csv).when().post(e.imports())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + other.adminToken()).when().get(e.imports()).then().statusCode(404);
    }

    @Test
    void theAttestingAdminsErasureKeepsTheAttestationWithoutThem() throws Exception {
        Enterprise e = enterprise("声明匿名公司");
        attested(e, "mobile").body("mobile\n" + newPhone() + "\n").when().post(e.imports()).then().statusCode(201);
        UUID adminId = UUID.fromString(e.adminId());

        JsonNode exported = QuarkusTransaction.requiringNew().call(() -> attestations.export(adminId));
        assertEquals(1, exported.size());
        assertEquals(e.id(), exported.get(0).get("enterpriseId").asText());
        assertEquals(PURPOSE, exported.get(0).get("purpose").asText());
        assertEquals("mobile", exported.get(0).get("fields").get(0).asText());

        assertEquals(Map.of("member_import", 1L), QuarkusTransaction.requiringNew().call(() -> attestations.erase(adminId)));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> attestations.export(adminId)).size());
        assertEquals(1, importsOf(e));
        try (var connection = dataSource.getConnection();
                var select = connection.prepareStatement("SELECT attested_by FROM member_import WHERE enterprise_id = ?::uuid")) {
            select.setString(1, e.id());
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertNull(rs.getString(1));
            }
        }
    }

    private static RequestSpecification attested(Enterprise e, String fields) {
        return attestedBy(e.adminToken(), fields);
    }

    private static RequestSpecification attestedBy(String token, String fields) {
        return given().header("Authorization", "Bearer " + token).contentType(CSV)
                .queryParam("consentObtained", true).queryParam("fieldsNecessary", true)
                .queryParam("fields", fields).queryParam("purpose", PURPOSE);
    }

    private static String department(Enterprise e, String name, String parentId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name));
        body.put("parentId", parentId);
        return given().header("Authorization", "Bearer " + e.adminToken()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/enterprises/" + e.id() + "/departments").then().statusCode(201).extract().path("id");
    }

    private long importsOf(Enterprise e) throws Exception {
        try (var connection = dataSource.getConnection();
                var count = connection.prepareStatement("SELECT count(*) FROM member_import WHERE enterprise_id = ?::uuid")) {
            count.setString(1, e.id());
            try (var rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
