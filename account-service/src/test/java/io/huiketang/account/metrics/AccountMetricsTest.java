package io.huiketang.account.metrics;

import static io.huiketang.account.support.AccountTestClient.POLICY;
import static io.huiketang.account.support.AccountTestClient.fromAnyAddress;
import static io.huiketang.account.support.AccountTestClient.newPhone;
import static io.huiketang.account.support.AccountTestClient.registerAdult;
import static io.huiketang.account.support.AccountTestClient.requestCode;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * account-service's business metrics as Prometheus scrapes them (the exposition /q/metrics serves):
 * the names k8s/metrics-inventory.txt lists, a registration and its login counted once committed, a
 * failed one not at all, a refused code by the limit that refused it.
 */
@QuarkusTest
class AccountMetricsTest {

    @Inject
    PrometheusMeterRegistry prometheus;

    @Test
    void theCountersAreExportedFromTheStartUnderTheirPrometheusNames() {
        String scrape = prometheus.scrape();
        for (String series : new String[] {
                "huiketang_registrations_total{via=\"PHONE\"}", "huiketang_registrations_total{via=\"WECHAT\"}",
                "huiketang_logins_total{method=\"PHONE\"}", "huiketang_sms_codes_sent_total{purpose=\"login\"}",
                "huiketang_sms_codes_refused_total{limit=\"resend\"}", "huiketang_sms_codes_refused_total{limit=\"ip\"}" }) {
            assertTrue(value(scrape, series) >= 0, series);
        }
    }

    @Test
    void aRegistrationCountsOneRegistrationOneLoginAndOneCodeSent() {
        double registrations = value("huiketang_registrations_total{via=\"PHONE\"}");
        double logins = value("huiketang_logins_total{method=\"PHONE\"}");
        double sent = value("huiketang_sms_codes_sent_total{purpose=\"login\"}");

        registerAdult(newPhone());

        assertEquals(registrations + 1, value("huiketang_registrations_total{via=\"PHONE\"}"));
        assertEquals(logins + 1, value("huiketang_logins_total{method=\"PHONE\"}"), "registration opens the first session");
        assertEquals(sent + 1, value("huiketang_sms_codes_sent_total{purpose=\"login\"}"));
    }

    @Test
    void aRegistrationWithAWrongCodeCountsNothing() {
        String phone = newPhone();
        requestCode(phone);
        double registrations = value("huiketang_registrations_total{via=\"PHONE\"}");
        double logins = value("huiketang_logins_total{method=\"PHONE\"}");

        given().contentType(ContentType.JSON)
                .body(Map.of("phone", phone, "code", "000000", "displayName", "测试用户", "policyVersion", POLICY,
                        "birthDate", "1990-01-01"))
                .when().post("/api/v1/accounts/registrations").then().statusCode(org.hamcrest.Matchers.both(
                        org.hamcrest.Matchers.greaterThanOrEqualTo(400)).and(org.hamcrest.Matchers.lessThan(500)));

        assertEquals(registrations, value("huiketang_registrations_total{via=\"PHONE\"}"));
        assertEquals(logins, value("huiketang_logins_total{method=\"PHONE\"}"));
    }

    @Test
    void aCodeAskedAgainTooSoonCountsAsRefusedByTheResendPause() {
        String phone = newPhone();
        requestCode(phone);
        double refused = value("huiketang_sms_codes_refused_total{limit=\"resend\"}");
        double sent = value("huiketang_sms_codes_sent_total{purpose=\"login\"}");

        fromAnyAddress().contentType(ContentType.JSON).body(Map.of("phone", phone))
                .when().post("/api/v1/accounts/verification-codes").then().statusCode(429);

        assertEquals(refused + 1, value("huiketang_sms_codes_refused_total{limit=\"resend\"}"));
        assertEquals(sent, value("huiketang_sms_codes_sent_total{purpose=\"login\"}"));
    }

    private double value(String series) {
        return value(prometheus.scrape(), series);
    }

    /**
     * The sample of one series ({@code name{label="value"}}) in the exposition text, whatever other
     * labels it carries and however the exposition writes the label set; fails when it is not exported.
     */
    private static double value(String scrape, String series) {
        String name = series.substring(0, series.indexOf('{'));
        String label = series.substring(series.indexOf('{') + 1, series.length() - 1);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            if (java.util.Arrays.asList(m.group(1).split(",")).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(series + " not exported");
    }
}
