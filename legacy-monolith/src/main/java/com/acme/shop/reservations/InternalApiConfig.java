package com.acme.shop.reservations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the token check in front of every {@code /internal/**} path, when the internal API is on. */
@Configuration(proxyBeanMethods = false)
@Conditional(InternalApiEnabled.class)
class InternalApiConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(InternalApiConfig.class);

    private final InternalApiProperties properties;

    InternalApiConfig(InternalApiProperties properties) {
        this.properties = properties;
        if (properties.token().length() < InternalApiProperties.RECOMMENDED_TOKEN_LENGTH) {
            log.warn("acme.internal.token is shorter than {} characters: use a long random value",
                    InternalApiProperties.RECOMMENDED_TOKEN_LENGTH);
        }
        log.info("Internal API enabled at /internal/** (bearer token)");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new InternalTokenInterceptor(properties.token())).addPathPatterns("/internal/**");
    }
}
