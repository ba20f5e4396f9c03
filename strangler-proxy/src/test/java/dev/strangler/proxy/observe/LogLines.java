package dev.strangler.proxy.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The JSON lines a logger writes while listening: the access log's, or the admin API's audit log's. */
public final class LogLines implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogLines(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    appender.start();
    logger.addAppender(appender);
  }

  /** {@code strangler.access}: one line per request. */
  public static LogLines access() {
    return new LogLines("strangler.access");
  }

  /** {@code strangler.audit}: one line per admin mutation. */
  public static LogLines audit() {
    return new LogLines("strangler.audit");
  }

  public List<JsonObject> lines() {
    synchronized (appender) { // AppenderBase appends under the appender's lock
      return appender.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
