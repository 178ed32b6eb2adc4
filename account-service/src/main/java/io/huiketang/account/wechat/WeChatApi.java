package io.huiketang.account.wechat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.huiketang.kit.problem.ProblemException;

/**
 * WeChat's OAuth2 web login: exchanges the code the WeChat app gave the client for an access token
 * and the person's openid, then reads their profile. WeChat reports errors as HTTP 200 with an
 * {@code errcode}. No retries: a code is single use, so a repeated exchange could only fail.
 */
@ApplicationScoped
public class WeChatApi {

    private static final Logger LOG = Logger.getLogger(WeChatApi.class);
    /** invalid code, code been used, missing code */
    private static final Set<Integer> BAD_CODE = Set.of(40029, 40163, 41008);
    private static final int SYSTEM_BUSY = -1;
    /** WeChat's answers are a few hundred bytes; anything larger is not WeChat. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** What an openid or unionid looks like (28 characters today); anything else is not believed. */
    private static final Pattern WECHAT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** The answer of {@code /sns/oauth2/access_token}; unionid only when the app belongs to an Open Platform account. */
    public record AccessToken(String accessToken, long expiresIn, String refreshToken, String openid, String scope,
            String unionid) {
    }

    /** The answer of {@code /sns/userinfo}. @param sex 1 male, 2 female, 0 unknown */
    public record UserInfo(String openid, String nickname, int sex, String province, String city, String country,
            String headimgurl, String unionid) {
    }

    private final WeChatConfig config;
    private final String base;
    private final ObjectMapper json;
    private final HttpClient http;

    WeChatApi(WeChatConfig config, ObjectMapper json) {
        this.config = config;
        this.base = config.baseUrl().toString().replaceAll("/+$", "");
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    public AccessToken exchange(String code) {
        JsonNode answer = get("/sns/oauth2/access_token?appid=" + encode(config.appId()) + "&secret="
                + encode(config.secret()) + "&code=" + encode(code) + "&grant_type=authorization_code");
        AccessToken token = new AccessToken(answer.path("access_token").asText(), answer.path("expires_in").asLong(),
                text(answer, "refresh_token"), answer.path("openid").asText(), text(answer, "scope"),
                text(answer, "unionid"));
        // A login rests on the openid: an answer without a believable one logs nobody in
        if (!answer.path("access_token").isTextual() || token.accessToken().isBlank() || token.accessToken().length() > 512
                || !answer.path("openid").isTextual() || !WECHAT_ID.matcher(token.openid()).matches()
                || (token.unionid() != null && !WECHAT_ID.matcher(token.unionid()).matches())) {
            LOG.warn("WeChat answered the code exchange without a valid access token and openid");
            throw WeChatProblems.unavailable();
        }
        return token;
    }

    public UserInfo userInfo(AccessToken token) {
        JsonNode answer = get("/sns/userinfo?access_token=" + encode(token.accessToken()) + "&openid="
                + encode(token.openid()) + "&lang=zh_CN");
        UserInfo info = new UserInfo(answer.path("openid").asText(), text(answer, "nickname"),
                answer.path("sex").asInt(0), text(answer, "province"), text(answer, "city"), text(answer, "country"),
                text(answer, "headimgurl"), text(answer, "unionid"));
        if (!token.openid().equals(info.openid())
                || (info.unionid() != null && !WECHAT_ID.matcher(info.unionid()).matches())) {
            LOG.warn("WeChat's profile answer is about another openid or carries an invalid unionid");
            throw WeChatProblems.unavailable();
        }
        return info;
    }

    private JsonNode get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(config.timeout()).GET().build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        } catch (IOException e) {
            // The exception's message may name the URL, which carries the secret: only its kind is logged
            LOG.warnf("WeChat did not answer (%s)", e.getClass().getSimpleName());
            throw WeChatProblems.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WeChatProblems.unavailable();
        }
        JsonNode answer;
        try {
            answer = response.statusCode() == 200 && body.length <= MAX_ANSWER_BYTES ? json.readTree(body) : null;
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            LOG.warnf("WeChat answered HTTP %d without a JSON object (or one too large)", response.statusCode());
            throw WeChatProblems.unavailable();
        }
        int errcode = answer.path("errcode").asInt(0);
        if (errcode != 0) {
            LOG.infof("WeChat answered errcode %d", errcode);
            throw errorFor(errcode);
        }
        return answer;
    }

    private static ProblemException errorFor(int errcode) {
        if (BAD_CODE.contains(errcode)) {
            return WeChatProblems.invalidCode();
        }
        return errcode == SYSTEM_BUSY ? WeChatProblems.unavailable() : WeChatProblems.refused(errcode);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
