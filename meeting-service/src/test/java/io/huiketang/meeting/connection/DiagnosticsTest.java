package io.huiketang.meeting.connection;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.huiketang.kit.testing.LocalTokensProfile;
import io.huiketang.kit.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * POST /api/v1/meetings/diagnostics. The test profile's regions: local (loopback and private networks,
 * the default), cn-north 198.51.100.0/24, cn-east 203.0.113.0/24, cn-south 192.0.2.0/24.
 */
@QuarkusTest
@TestProfile(LocalTokensProfile.class)
class DiagnosticsTest {

    private static final String PATH = "/api/v1/meetings/diagnostics";

    private static RequestSpecification person() {
        return given().header("Authorization", "Bearer " + TestTokens.person(UUID.randomUUID()))
                .contentType(ContentType.JSON);
    }

    @Test
    void clientOnThePrivateNetworkIsSentToTheLocalEdgeFirst() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": true, "networkAllowed": true}""")
                .when().post(PATH)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("edges.region", contains("local", "cn-east", "cn-north", "cn-south"))
                .body("edges[0].url", equalTo("ws://127.0.0.1:7880"))
                .body("edges[0].reason", equalTo("NETWORK"))
                .body("edges[0].reachable", nullValue())
                .body("edges[1].reason", equalTo("FALLBACK"))
                .body("edges[1].url", equalTo("wss://cn-east.edge.test.huiketang.local"))
                .body("advice.networkPermissionMissing", equalTo(false))
                .body("advice.noNetwork", equalTo(false))
                .body("advice.edgesUnreachable", equalTo(false))
                .body("advice.highLatency", equalTo(false))
                .body("advice.suggestWifi", equalTo(false));
    }

    @Test
    void clientBehindTheGatewayIsSentToTheRegionOfItsForwardedAddress() {
        person().header("X-Forwarded-For", "203.0.113.77").body("""
                {"networkType": "CELLULAR", "wifiEnabled": false, "networkAllowed": true,
                 "edgeRtts": [{"region": "cn-south", "rttMs": 80}, {"region": "cn-north", "rttMs": 35},
                              {"region": "local", "rttMs": null}, {"region": "retired-region", "rttMs": 10}]}""")
                .when().post(PATH)
                .then().statusCode(200)
                // cn-east by network; then the reachable by round trip, the unmeasured, the unreachable
                .body("edges.region", contains("cn-east", "cn-north", "cn-south", "local"))
                .body("edges[0].reason", equalTo("NETWORK"))
                .body("edges[0].url", equalTo("wss://cn-east.edge.test.huiketang.local"))
                .body("edges[1].reachable", equalTo(true))
                .body("edges[1].rttMs", equalTo(35))
                .body("edges[3].reachable", equalTo(false))
                .body("edges[3].rttMs", nullValue())
                .body("advice.suggestWifi", equalTo(true))
                .body("advice.highLatency", equalTo(false));
    }

    @Test
    void publicAddressOutsideEveryNetworkGetsTheDefaultRegion() {
        person().header("X-Forwarded-For", "8.8.4.4").body("""
                {"networkType": "ETHERNET", "wifiEnabled": false, "networkAllowed": true}""")
                .when().post(PATH)
                .then().statusCode(200)
                .body("edges[0].region", equalTo("local"))
                .body("edges[0].reason", equalTo("DEFAULT"));
    }

    @Test
    void appWithoutNetworkPermissionOrNetworkIsAdvisedSo() {
        person().body("""
                {"networkType": "NONE", "wifiEnabled": false, "networkAllowed": false}""")
                .when().post(PATH)
                .then().statusCode(200)
                .body("advice.networkPermissionMissing", equalTo(true))
                .body("advice.noNetwork", equalTo(true))
                .body("advice.suggestWifi", equalTo(false));
    }

    @Test
    void edgesThatAllTimedOutOrAreSlowAreReported() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": true, "networkAllowed": true,
                 "edgeRtts": [{"region": "local", "rttMs": null}, {"region": "cn-east"}]}""")
                .when().post(PATH)
                .then().statusCode(200)
                .body("advice.edgesUnreachable", equalTo(true))
                .body("advice.highLatency", equalTo(false));
        person().body("""
                {"networkType": "OTHER", "wifiEnabled": true, "networkAllowed": true,
                 "edgeRtts": [{"region": "local", "rttMs": 450}, {"region": "cn-east", "rttMs": 900}]}""")
                .when().post(PATH)
                .then().statusCode(200)
                .body("advice.edgesUnreachable", equalTo(false))
                .body("advice.highLatency", equalTo(true));
    }

    @Test
    void missingFieldIsRefusedNamingIt() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": true}""")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("networkAllowed"));
    }

    @Test
    void unknownNetworkTypeIsRefusedNamingIt() {
        person().body("""
                {"networkType": "CARRIER_PIGEON", "wifiEnabled": true, "networkAllowed": true}""")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("networkType"));
    }

    @Test
    void wifiNetworkWithWifiOffIsRefused() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": false, "networkAllowed": true}""")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("wifiEnabled"));
    }

    @Test
    void invalidRoundTripIsRefusedNamingIt() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": true, "networkAllowed": true,
                 "edgeRtts": [{"region": "local", "rttMs": 12}, {"region": "cn-east", "rttMs": -1}]}""")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("edgeRtts[1].rttMs"));
    }

    @Test
    void unknownFieldIsRefusedNamingIt() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": true, "networkAllowed": true, "ssid": "Home-5G"}""")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ssid"));
    }

    @Test
    void unknownFieldInAnEdgeRoundTripIsRefused() {
        person().body("""
                {"networkType": "WIFI", "wifiEnabled": true, "networkAllowed": true,
                 "edgeRtts": [{"region": "local", "rttMs": 12, "bssid": "aa:bb:cc:dd:ee:ff"}]}""")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("edgeRtts[0].bssid"));
    }

    @Test
    void missingBodyIsRefused() {
        person().when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void callerWithoutTokenIsRefused() {
        given().contentType(ContentType.JSON).body("""
                {"networkType": "WIFI", "wifiEnabled": true, "networkAllowed": true}""")
                .when().post(PATH)
                .then().statusCode(401).contentType("application/problem+json");
    }
}
