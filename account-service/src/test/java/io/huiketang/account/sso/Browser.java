package io.huiketang.account.sso;

import java.net.URI;

import io.huiketang.kit.testing.SsoBrowser;
import io.restassured.RestAssured;

/** A person's browser (see {@link SsoBrowser}) in front of the account-service under test. */
final class Browser extends SsoBrowser {

    Browser() {
        super(service("").toString(), null);
    }

    /** A URL of the service under test. */
    static URI service(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + pathAndQuery);
    }

    static URI authorize(String enterpriseId) {
        return service("/api/v1/sso/" + enterpriseId + "/authorize?policyVersion=" + POLICY);
    }
}
