package com.acme.shop.customers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Password hashing from spring-security-crypto alone; the shop does not use Spring Security. The BCrypt strength
 * ({@code acme.password.bcrypt-strength}, 4–31, default 10) may be lowered where thousands of simulated customers
 * register and log in (load and acceptance runs); hashes of any strength verify either way.
 */
@Configuration(proxyBeanMethods = false)
class PasswordConfig {

    @Bean
    PasswordEncoder passwordEncoder(@Value("${acme.password.bcrypt-strength:10}") int strength) {
        return new BCryptPasswordEncoder(strength);
    }
}
