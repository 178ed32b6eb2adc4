package io.huiketang.account.wechat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A local stand-in for WeChat's OAuth2 web-login API, answering with WeChat's JSON, including its
 * errors (HTTP 200 with {@code errcode}). The code a test sends decides the answer, so the stand-in
 * needs no shared state with the test:
 * <ul>
 * <li>{@code user-<id>-<nonce>}: the WeChat user {@code <id>} (openid {@code oStandIn_<id>}, with a unionid);
 * a code works once, as WeChat's do (then 40163)</li>
 * <li>{@code slow-...}: answers after the service's timeout; {@code drop-...}: closes the connection unanswered;
 * {@code busy-...}: errcode -1 (system busy)</li>
 * <li>anything else: 40029 invalid code</li>
 * </ul>
 */
public class WeChatStandIn implements QuarkusTestResourceLifecycleManager {

    static final String APP_ID = "wx1234567890standin";
    static final String SECRET = "stand-in-app-secret";

    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    /** A fresh code for the WeChat user {@code user}, as WeChat hands one to the client at each login. */
    public static String codeFor(String user) {
        return "user-" + user + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String newUser() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static String openidOf(String user) {
        return "oStandIn_" + user;
    }

    public static String unionidOf(String user) {
        return "uStandIn_" + user;
    }

    public static String nicknameOf(String user) {
        return "微信昵称🙂" + user.substring(0, 4);
    }

    public static String avatarOf(String user) {
        return "https://thirdwx.qlogo.cn/mmopen/vi_32/" + user + "/132";
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/sns/oauth2/access_token", this::accessToken);
        server.createContext("/sns/userinfo", this::userInfo);
        server.start();
        return Map.of("huiketang.account.wechat.base-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "huiketang.account.wechat.app-id", APP_ID,
                "huiketang.account.wechat.secret", SECRET,
                "huiketang.account.wechat.timeout", "PT1S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void accessToken(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String code = query.getOrDefault("code", "");
        if (!APP_ID.equals(query.get("appid"))) {
            error(exchange, 40013, "invalid appid");
        } else if (!SECRET.equals(query.get("secret"))) {
            error(exchange, 40125, "invalid appsecret");
        } else if (!"authorization_code".equals(query.get("grant_type"))) {
            error(exchange, 40002, "invalid grant_type");
        } else if (code.startsWith("slow-")) {
            sleep(3000);
            error(exchange, 40029, "invalid code");
        } else if (code.startsWith("drop-")) {
            exchange.close();
        } else if (code.startsWith("busy-")) {
            error(exchange, -1, "system error");
        } else if (!code.startsWith("user-")) {
            error(exchange, 40029, "invalid code");
        } else if (!usedCodes.add(code)) {
            error(exchange, 40163, "code been used");
        } else {
            String user = code.split("-")[1];
            json(exchange, "{\"access_token\":\"ACCESS_" + user + "\",\"expires_in\":7200,\"refresh_token\":\"REFRESH_"
                    + user + "\",\"openid\":\"" + openidOf(user) + "\",\"scope\":\"snsapi_userinfo\",\"unionid\":\""
                    + unionidOf(user) + "\"}");
        }
    }

    private void userInfo(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String openid = query.getOrDefault("openid", "");
        String user = openid.replace("oStandIn_", "");
        if (!("ACCESS_" + user).equals(query.get("access_token"))) {
            error(exchange, 40001, "invalid credential, access_token is invalid or not latest");
        } else if (!openid.startsWith("oStandIn_")) {
            error(exchange, 40003, "invalid openid");
        } else {
            json(exchange, "{\"openid\":\"" + openid + "\",\"nickname\":\"" + nicknameOf(user)
                    + "\",\"sex\":2,\"language\":\"zh_CN\",\"city\":\"Hangzhou\",\"province\":\"Zhejiang\","
                    + "\"country\":\"CN\",\"headimgurl\":\"" + avatarOf(user) + "\",\"privilege\":[],\"unionid\":\""
                    + unionidOf(user) + "\"}");
        }
    }

    private static void error(HttpExchange exchange, int errcode, String errmsg) throws IOException {
        json(exchange, "{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsg + "\"}");
    }

    // WeChat answers errors with HTTP 200 too, and labels its JSON text/plain
    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
