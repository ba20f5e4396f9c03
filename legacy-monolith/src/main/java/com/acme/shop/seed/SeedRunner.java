package com.acme.shop.seed;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Loads the demo data at start-up when {@code acme.seed=true} (default false; true in the
 * embedded-database mode). Runs before the application reports ready.
 */
@Component
@ConditionalOnBooleanProperty("acme.seed")
class SeedRunner implements ApplicationRunner {

    private final SeedLoader loader;
    private final long seed;

    SeedRunner(SeedLoader loader, @Value("${acme.seed-value:" + SeedGenerator.DEFAULT_SEED + "}") long seed) {
        this.loader = loader;
        this.seed = seed;
    }

    @Override
    public void run(ApplicationArguments args) {
        loader.loadIfEmpty(new SeedGenerator(seed).generate());
    }
}
