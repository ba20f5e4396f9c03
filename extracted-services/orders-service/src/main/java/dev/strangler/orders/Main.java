package dev.strangler.orders;

import dev.strangler.servicekit.config.InvalidConfigException;
import dev.strangler.servicekit.lifecycle.ServiceProcess;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The orders-service process: runs the service until SIGTERM, then stops gracefully. */
@Command(name = "orders-service", mixinStandardHelpOptions = true,
    description = "Cart, checkout and order history, on its own PostgreSQL schema. Settings: ORDERS_* environment variables.")
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** Set once the service runs: the process then lives on Vert.x's threads until SIGTERM. */
  private static volatile boolean serving;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (!serving) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    OrdersSettings settings;
    try {
      settings = OrdersSettings.fromEnvironment(System.getenv());
    } catch (InvalidConfigException e) {
      e.problems().forEach(p -> LOG.error("config: {}", p));
      return 2;
    }
    int code = ServiceProcess.serve("orders-service", (vertx, metrics) -> new OrdersApplication(vertx, settings, metrics));
    serving = code == 0;
    return code;
  }
}
