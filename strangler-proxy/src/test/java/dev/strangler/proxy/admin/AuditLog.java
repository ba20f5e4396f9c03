package dev.strangler.proxy.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The audit log's lines (JSON) written while listening, for tests of audit-logged admin mutations. */
public final class AuditLog {

  private final Logger audit = (Logger) LoggerFactory.getLogger("strangler.audit");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private AuditLog() {
    appender.start();
    audit.addAppender(appender);
  }

  public static AuditLog listen() {
    return new AuditLog();
  }

  public void stop() {
    audit.detachAppender(appender);
  }

  public List<JsonObject> lines() {
    return appender.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
  }
}
