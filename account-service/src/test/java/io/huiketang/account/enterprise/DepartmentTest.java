package io.huiketang.account.enterprise;

import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.huiketang.account.support.Enterprises;
import io.huiketang.account.support.Members;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** The organisation tree (ACC-6): admins shape it, members read it; no cycles, only empty departments deleted. */
@QuarkusTest
class DepartmentTest {

    @Test
    void adminsBuildTheTreeAndMembersReadItFlatWithParents() {
        String ownerToken = registerAdult(newPhone()).getString("tokens.accessToken");
        String memberPhone = newPhone();
        String memberToken = registerAdult(memberPhone).getString("tokens.accessToken");
        String enterpriseId = Enterprises.create(ownerToken, "部门树公司").getString("id");
        String rnd = create(ownerToken, enterpriseId, "研发部", null).statusCode(201)
                .body("parentId", nullValue()).extract().path("id");
        create(ownerToken, enterpriseId, "市场部", null).statusCode(201)
                .header("Location", containsString("/api/v1/enterprises/" + enterpriseId + "/departments/"));
        ValidatableResponse frontend = create(ownerToken, enterpriseId, "前端组", rnd).statusCode(201)
                .body("parentId", equalTo(rnd)).body("name", equalTo("前端组")).body("memberCount", equalTo(0));
        String frontendId = frontend.extract().path("id");
        Members.join(ownerToken, enterpriseId, memberPhone, memberToken, frontendId);

        given().header("Authorization", "Bearer " + memberToken).when().get(departments(enterpriseId))
                .then().statusCode(200).body("", hasSize(3))
                .body("find { it.name == '研发部' }.parentId", nullValue())
                .body("find { it.name == '前端组' }.parentId", equalTo(rnd))
                .body("find { it.name == '前端组' }.memberCount", equalTo(1))
                .body("find { it.name == '市场部' }.parentId", nullValue());
    }

    @Test
    void namesAreUniqueAmongSiblingsOnly() {
        String token = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterpriseId = Enterprises.create(token, "同名部门公司").getString("id");
        String sales = create(token, enterpriseId, "销售部", null).statusCode(201).extract().path("id");
        String support = create(token, enterpriseId, "客服部", null).statusCode(201).extract().path("id");

        create(token, enterpriseId, "销售部", null).statusCode(409).contentType("application/problem+json");
        create(token, enterpriseId, "华东区", sales).statusCode(201);
        create(token, enterpriseId, "华东区", support).statusCode(201);
        create(token, enterpriseId, "华东区", sales).statusCode(409).contentType("application/problem+json");
        update(token, enterpriseId, support, "销售部", null).statusCode(409).contentType("application/problem+json");
    }

    @Test
    void renamingAndMovingNeverMakesACycle() {
        String token = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterpriseId = Enterprises.create(token, "移动部门公司").getString("id");
        String a = create(token, enterpriseId, "总部", null).extract().path("id");
        String b = create(token, enterpriseId, "技术中心", a).extract().path("id");
        String c = create(token, enterpriseId, "平台组", b).extract().path("id");

        update(token, enterpriseId, a, "总部", c).statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("A department cannot be moved under itself or one of its sub-departments."));
        update(token, enterpriseId, a, "总部", a).statusCode(409).contentType("application/problem+json");
        update(token, enterpriseId, b, "研发中心", a).statusCode(200)
                .body("name", equalTo("研发中心")).body("parentId", equalTo(a));
        update(token, enterpriseId, c, "平台组", null).statusCode(200).body("parentId", nullValue());
        update(token, enterpriseId, a, "总部", c).statusCode(200).body("parentId", equalTo(c));
    }

    @Test
    void onlyAnEmptyDepartmentCanBeDeleted() {
        String ownerToken = registerAdult(newPhone()).getString("tokens.accessToken");
        String memberPhone = newPhone();
        JsonPath member = registerAdult(memberPhone);
        String enterpriseId = Enterprises.create(ownerToken, "删除部门公司").getString("id");
        String parent = create(ownerToken, enterpriseId, "运营部", null).extract().path("id");
        String child = create(ownerToken, enterpriseId, "活动组", parent).extract().path("id");
        Members.join(ownerToken, enterpriseId, memberPhone, member.getString("tokens.accessToken"), child);

        delete(ownerToken, enterpriseId, parent).statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("The department has sub-departments: move or delete them first."));
        delete(ownerToken, enterpriseId, child).statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("The department has members: move them to another department first."));

        given().header("Authorization", "Bearer " + ownerToken).contentType(ContentType.JSON)
                .body("{\"departmentId\": null}")
                .when().put("/api/v1/enterprises/" + enterpriseId + "/members/" + member.getString("accountId") + "/department")
                .then().statusCode(204);
        delete(ownerToken, enterpriseId, child).statusCode(204);
        delete(ownerToken, enterpriseId, parent).statusCode(204);
        delete(ownerToken, enterpriseId, parent).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void invalidInputIsAProblemNamingTheField() {
        String token = registerAdult(newPhone()).getString("tokens.accessToken");
        String otherToken = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterpriseId = Enterprises.create(token, "输入校验公司").getString("id");
        String otherEnterprise = Enterprises.create(otherToken, "别家公司").getString("id");
        String othersDepartment = create(otherToken, otherEnterprise, "别家部门", null).extract().path("id");

        create(token, enterpriseId, " ", null).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        create(token, enterpriseId, "部".repeat(65), null).statusCode(400).body("errors[0].field", equalTo("name"));
        create(token, enterpriseId, "新部门", othersDepartment).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("parentId"));
        create(token, enterpriseId, "新部门", java.util.UUID.randomUUID().toString()).statusCode(400)
                .body("errors[0].field", equalTo("parentId"));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"name\": \"新部门\", \"parentId\": \"not-a-uuid\"}")
                .when().post(departments(enterpriseId))
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("parentId"));
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post(departments(enterpriseId))
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
    }

    @Test
    void membersCannotChangeTheTreeAndOutsidersCannotSeeIt() {
        String ownerToken = registerAdult(newPhone()).getString("tokens.accessToken");
        String memberPhone = newPhone();
        String memberToken = registerAdult(memberPhone).getString("tokens.accessToken");
        String outsiderToken = registerAdult(newPhone()).getString("tokens.accessToken");
        String enterpriseId = Enterprises.create(ownerToken, "权限部门公司").getString("id");
        Enterprises.create(outsiderToken, "外人公司");
        String department = create(ownerToken, enterpriseId, "财务部", null).extract().path("id");
        Members.join(ownerToken, enterpriseId, memberPhone, memberToken, null);

        create(memberToken, enterpriseId, "私设部门", null).statusCode(403).contentType("application/problem+json");
        update(memberToken, enterpriseId, department, "改名", null).statusCode(403);
        delete(memberToken, enterpriseId, department).statusCode(403);

        given().header("Authorization", "Bearer " + outsiderToken).when().get(departments(enterpriseId))
                .then().statusCode(404).contentType("application/problem+json");
        update(outsiderToken, enterpriseId, department, "改名", null).statusCode(404);
        delete(outsiderToken, enterpriseId, department).statusCode(404);
    }

    private static String departments(String enterpriseId) {
        return "/api/v1/enterprises/" + enterpriseId + "/departments";
    }

    private static ValidatableResponse create(String token, String enterpriseId, String name, String parentId) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(body(name, parentId)).when().post(departments(enterpriseId)).then();
    }

    private static ValidatableResponse update(String token, String enterpriseId, String id, String name, String parentId) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(body(name, parentId)).when().put(departments(enterpriseId) + "/" + id).then();
    }

    private static ValidatableResponse delete(String token, String enterpriseId, String id) {
        return given().header("Authorization", "Bearer " + token).when().delete(departments(enterpriseId) + "/" + id).then();
    }

    private static Map<String, Object> body(String name, String parentId) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parentId);
        return body;
    }
}
