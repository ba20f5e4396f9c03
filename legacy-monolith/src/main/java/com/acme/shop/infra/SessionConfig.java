package com.acme.shop.infra;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.RedisSerializer;

/** Replaces Spring Session's JDK serialisation with plain JSON. */
@Configuration(proxyBeanMethods = false)
class SessionConfig {

    // This bean name is the hook Spring Session Data Redis looks up for its value serializer.
    @Bean("springSessionDefaultRedisSerializer")
    RedisSerializer<Object> springSessionDefaultRedisSerializer() {
        return new JsonSessionSerializer();
    }
}
