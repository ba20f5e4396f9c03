package com.acme.shop.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.serializer.SerializationException;

class JsonSessionSerializerTest {

    private final JsonSessionSerializer serializer = new JsonSessionSerializer();

    @Test
    void writesPlainJsonWithoutTypeInformation() {
        Map<String, Integer> cart = new LinkedHashMap<>();
        cart.put("ACME-00001", 2);

        assertThat(text(cart)).isEqualTo("{\"ACME-00001\":2}");
        assertThat(text("ann@acme.test")).isEqualTo("\"ann@acme.test\"");
    }

    @Test
    void readsEpochMillisAsLongAndSmallNumbersAsIntegerAsSpringSessionExpects() {
        assertThat(serializer.deserialize(serializer.serialize(1_764_000_000_000L))).isEqualTo(1_764_000_000_000L);
        assertThat(serializer.deserialize(serializer.serialize(1800))).isEqualTo(1800);
    }

    @Test
    void readsObjectsBackAsMaps() {
        Object cart = serializer.deserialize("{\"ACME-00001\":2}".getBytes(StandardCharsets.UTF_8));

        assertThat(cart).isEqualTo(Map.of("ACME-00001", 2));
    }

    @Test
    void treatsNullAndEmptyAsAbsent() {
        assertThat(serializer.serialize(null)).isEmpty();
        assertThat(serializer.deserialize(new byte[0])).isNull();
        assertThat(serializer.deserialize(null)).isNull();
    }

    @Test
    void refusesBytesThatAreNotJson() {
        assertThatThrownBy(() -> serializer.deserialize(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5}))
                .isInstanceOf(SerializationException.class);
    }

    private String text(Object value) {
        return new String(serializer.serialize(value), StandardCharsets.UTF_8);
    }
}
