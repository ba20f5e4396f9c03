package com.acme.shop.reservations;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when {@code acme.internal.token} is set: only then do the internal API's beans exist. */
final class InternalApiEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return new InternalApiProperties(context.getEnvironment().getProperty("acme.internal.token")).enabled();
    }
}
