package io.huiketang.account.wechat;

import java.net.URI;
import java.time.Duration;

import io.huiketang.kit.problem.ProblemException;

/** What a client is told when WeChat refuses or does not answer. WeChat's own messages are not passed on. */
final class WeChatProblems {

    private static final String BASE = "https://huiketang.io/problems/";

    private WeChatProblems() {
    }

    /** 40029 invalid code, 40163 code been used, 41008 missing code: the client starts the WeChat login again. */
    static ProblemException invalidCode() {
        return ProblemException.typed(URI.create(BASE + "wechat-invalid-code"), 400, "Invalid WeChat code",
                "WeChat did not accept the authorization code (wrong, expired or already used); log in with WeChat again.");
    }

    /** Any other errcode: our app's configuration or WeChat's side, nothing the person can fix. */
    static ProblemException refused(int errcode) {
        return ProblemException.typed(URI.create(BASE + "wechat-refused"), 502, "WeChat refused the login",
                "WeChat answered with error " + errcode + "; try again later or log in with your mobile number.");
    }

    static ProblemException unavailable() {
        return ProblemException.serviceUnavailable(
                "WeChat cannot be reached right now; try again shortly or log in with your mobile number.",
                Duration.ofSeconds(30));
    }

    static ProblemException unknownTicket() {
        return ProblemException.invalidField("registrationTicket",
                "is unknown, used or expired; log in with WeChat again");
    }
}
