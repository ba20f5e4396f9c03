package com.acme.shop.infra;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores session values in Redis as plain JSON with no Java class names, so redis-cli, the
 * strangler proxy and services in other languages can read the same session.
 *
 * <p>Values come back as JSON-native Java types (String, Boolean, Integer/Long, BigDecimal, List,
 * Map). Integral numbers come back as Integer when they fit and Long otherwise, which is exactly
 * what Spring Session expects: {@code maxInactiveInterval} is read as an Integer and the epoch
 * millisecond times {@code creationTime}/{@code lastAccessedTime} as Longs. Session attributes must
 * therefore stay JSON-native; see {@code SessionKeys}.
 */
public final class JsonSessionSerializer implements RedisSerializer<Object> {

    private static final byte[] EMPTY = new byte[0];

    private final JsonMapper mapper;

    public JsonSessionSerializer() {
        // Our own mapper: the web layer's settings (e.g. date formats) must never change what is
        // already stored in live sessions.
        this.mapper = JsonMapper.builder().build();
    }

    @Override
    public byte[] serialize(Object value) {
        if (value == null) {
            return EMPTY;
        }
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException("session value is not JSON-serialisable: " + value.getClass(), e);
        }
    }

    @Override
    public Object deserialize(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(bytes, Object.class);
        } catch (JacksonException e) {
            throw new SerializationException("session value is not JSON", e);
        }
    }
}
