package dev.strangler.servicekit.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ServiceLoggingTest {

  /** What a service's logback.xml holds (catalog, orders and the extract template's). */
  private static final String SERVICE_CONFIG = """
      <configuration>
        <include resource="dev/strangler/servicekit/logback-service.xml"/>
      </configuration>
      """;

  @Test
  void aServiceLogsJsonLinesToStandardOutputAtInfo() throws Exception {
    LoggerContext context = configured();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class,
        appender -> assertThat(appender.getEncoder()).isInstanceOf(JsonEncoder.class));
    assertThat(context.getLogger("dev.strangler.catalog.Main").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("io.netty.channel.DefaultChannelPipeline").isInfoEnabled()).isFalse();
  }

  @Test
  void micrometersRepeatedGaugeRegistrationWarningIsQuietButItsErrorsAreNot() throws Exception {
    LoggerContext context = configured();

    // Micrometer's double-registration warning is logged under MeterRegistry's own class name.
    ch.qos.logback.classic.Logger meterRegistry = context.getLogger(MeterRegistry.class.getName());
    assertThat(meterRegistry.isWarnEnabled()).isFalse();
    assertThat(meterRegistry.isErrorEnabled()).isTrue();
    assertThat(context.getLogger("io.micrometer.prometheusmetrics.PrometheusMeterRegistry").isWarnEnabled()).isTrue();
  }

  private static LoggerContext configured() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(SERVICE_CONFIG.getBytes(StandardCharsets.UTF_8)));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(status -> status.getLevel() >= ch.qos.logback.core.status.Status.WARN);
    return context;
  }
}
