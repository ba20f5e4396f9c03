package com.acme.shop;

import com.acme.shop.infra.EmbeddedInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Acme Shop: the legacy monolith that the strangler proxy migrates away from. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AcmeShopApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(AcmeShopApplication.class);
        // Added here rather than in spring.factories so tests, which always bring real services,
        // never start embedded ones by accident.
        app.addListeners(new EmbeddedInfrastructure());
        app.run(args);
    }
}
