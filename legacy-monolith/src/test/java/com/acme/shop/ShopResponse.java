package com.acme.shop;

import java.net.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Status, headers and body of one response, with the body parsed on demand. */
public record ShopResponse(int status, HttpHeaders headers, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public JsonNode json() {
        return JSON.readTree(body);
    }

    public String contentType() {
        return headers.firstValue("Content-Type").orElse("");
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
