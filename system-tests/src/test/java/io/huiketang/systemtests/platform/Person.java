package io.huiketang.systemtests.platform;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Someone with an account, as their client app knows them: their number and their current tokens. */
public final class Person {

    private final String phone;
    private final String accountId;
    private String accessToken;
    private String refreshToken;

    Person(String phone, String accountId, JsonNode tokens) {
        this.phone = phone;
        this.accountId = accountId;
        take(tokens);
    }

    public String phone() {
        return phone;
    }

    public String accountId() {
        return accountId;
    }

    public String token() {
        return accessToken;
    }

    /** Spends the refresh token for a new pair, as the app does when what the account may do has changed. */
    public Person refresh(Client app) {
        take(app.post("/api/v1/accounts/tokens/refresh", null, Map.of("refreshToken", refreshToken)).expect(200));
        return this;
    }

    /** Takes a token pair from an answer (registration, login, consent, refresh). */
    public void take(JsonNode tokens) {
        accessToken = tokens.get("accessToken").asText();
        refreshToken = tokens.get("refreshToken").asText();
    }
}
