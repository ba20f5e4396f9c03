package dev.strangler.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServicesTest {

    @TempDir
    Path dir;

    @Test
    void aLogAppendedToByTwoStartsNamesTheLatestStartsServers() throws IOException {
        Path log = dir.resolve("legacy-monolith.log");
        Files.writeString(log, """
                {"formattedMessage":"No spring.data.redis.url configured: started embedded Redis at redis://127.0.0.1:33161","x":1}
                {"formattedMessage":"No spring.datasource.url configured: started embedded PostgreSQL at jdbc:postgresql://localhost:33491/postgres?user=postgres"}
                {"formattedMessage":"No spring.data.redis.url configured: started embedded Redis at redis://127.0.0.1:40001","x":1}
                {"formattedMessage":"No spring.datasource.url configured: started embedded PostgreSQL at jdbc:postgresql://localhost:40002/postgres?user=postgres"}
                """);

        EmbeddedServices services = EmbeddedServices.fromLog(log);

        assertThat(services.redisUrl()).hasValue("redis://127.0.0.1:40001");
        assertThat(services.jdbcUrl()).hasValue("jdbc:postgresql://localhost:40002/postgres?user=postgres");
        assertThat(services.lines()).containsExactly("started embedded Redis at redis://127.0.0.1:40001",
                "started embedded PostgreSQL at jdbc:postgresql://localhost:40002/postgres?user=postgres");
    }

    @Test
    void noLogNamesNothing() {
        EmbeddedServices services = EmbeddedServices.fromLog(dir.resolve("absent.log"));

        assertThat(services.redisUrl()).isEmpty();
        assertThat(services.jdbcUrl()).isEmpty();
    }
}
