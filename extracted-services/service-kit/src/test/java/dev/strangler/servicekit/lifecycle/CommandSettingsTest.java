package dev.strangler.servicekit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strangler.servicekit.config.EnvReader;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A command's settings from its environment: read once, every problem said before the command gives up. */
class CommandSettingsTest {

  record Settings(int port, String url) {
    static Settings read(Map<String, String> environment) {
      EnvReader reader = new EnvReader(environment);
      Settings settings = new Settings(reader.integer("DEMO_PORT", 8080, 1, 65535), reader.httpUrl("DEMO_URL", null));
      reader.require(settings.url() != null, "DEMO_URL is required");
      reader.validate();
      return settings;
    }
  }

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(CommandSettings.class);

  @BeforeEach
  void capture() {
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void release() {
    logger.detachAppender(log);
  }

  @Test
  void validSettingsAreReturned() {
    assertThat(CommandSettings.fromEnvironment(Settings::read, Map.of("DEMO_URL", "http://127.0.0.1:8081")))
        .contains(new Settings(8080, "http://127.0.0.1:8081"));
    assertThat(log.list).isEmpty();
  }

  @Test
  void invalidSettingsAreEmptyWithEveryProblemLogged() {
    assertThat(CommandSettings.fromEnvironment(Settings::read, Map.of("DEMO_PORT", "70000"))).isEmpty();

    assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
        .allMatch(line -> line.startsWith("config: "))
        .anyMatch(line -> line.contains("DEMO_PORT"))
        .anyMatch(line -> line.contains("DEMO_URL"));
    assertThat(CommandSettings.INVALID).isEqualTo(2);
  }
}
