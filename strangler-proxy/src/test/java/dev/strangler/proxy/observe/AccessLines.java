package dev.strangler.proxy.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The access log's lines (JSON) written while listening. */
public final class AccessLines implements AutoCloseable {

  private final Logger access = (Logger) LoggerFactory.getLogger("strangler.access");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private AccessLines() {
    appender.start();
    access.addAppender(appender);
  }

  public static AccessLines listen() {
    return new AccessLines();
  }

  public List<JsonObject> lines() {
    synchronized (appender) { // AppenderBase appends under the appender's lock
      return appender.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
    }
  }

  @Override
  public void close() {
    access.detachAppender(appender);
  }
}
