import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the CPU of profiled proxy runs by layer, in microseconds per request, for {@code bench/run.sh}'s
 * {@code BENCH_PROFILE=1}: the kernel, the JVM itself (GC, JIT compiler), Netty, Vert.x core, vertx-http-proxy,
 * Strangler's own code and the rest, then Strangler's largest frames. Each argument is
 * {@code label=usPerRequest=file}, the file one of async-profiler's collapsed-stack outputs (one stack per line, frames
 * separated by ';', then a space and its sample count) and usPerRequest the proxy's CPU per request over that run.
 * A sample belongs to the kernel when it has a kernel frame ({@code _[k]}); otherwise to the layer of its innermost
 * frame outside the JDK ({@code java/}, {@code jdk/}, {@code sun/}), so a JDK map lookup made by Strangler counts as
 * Strangler's; a stack without any Java frame is the JVM's own work.
 *
 * <p>Run with the JDK's source launcher: {@code java bench/ProfileSplit.java strangler=35=a.collapsed httpproxy=27=b.collapsed}.
 */
public final class ProfileSplit {

  private static final String[] LAYERS = {"kernel", "JVM (GC, JIT, runtime)", "Netty", "Vert.x core", "vertx-http-proxy",
      "Strangler", "other libraries"};

  record Run(String label, double usPerRequest, Map<String, Double> layers, Map<String, Double> ownFrames) {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: java bench/ProfileSplit.java label=usPerRequest=file.collapsed ...");
      System.exit(2);
    }
    List<Run> runs = new ArrayList<>();
    for (String arg : args) {
      String[] parts = arg.split("=", 3);
      if (parts.length != 3) {
        System.err.println("not label=usPerRequest=file: " + arg);
        System.exit(2);
      }
      runs.add(read(parts[0], Double.parseDouble(parts[1]), Path.of(parts[2])));
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-26s", "us/request by layer"));
    runs.forEach(r -> out.append(String.format(" %14s", r.label())));
    out.append('\n');
    for (String layer : LAYERS) {
      out.append(String.format("%-26s", layer));
      runs.forEach(r -> out.append(String.format(" %14.2f", r.layers().getOrDefault(layer, 0.0))));
      out.append('\n');
    }
    out.append(String.format("%-26s", "total"));
    runs.forEach(r -> out.append(String.format(" %14.2f", r.usPerRequest())));
    out.append("\n");
    for (Run run : runs) {
      if (run.ownFrames().isEmpty()) {
        continue;
      }
      out.append("\n").append(run.label())
          .append(": Strangler's largest frames (its layer above by innermost Strangler frame, JDK calls included), us/request\n");
      run.ownFrames().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(15)
          .forEach(e -> out.append(String.format("  %6.2f  %s%n", e.getValue(), e.getKey())));
    }
    System.out.print(out);
  }

  static Run read(String label, double usPerRequest, Path file) throws IOException {
    Map<String, Long> layers = new HashMap<>();
    Map<String, Long> own = new HashMap<>();
    long total = 0;
    for (String line : Files.readAllLines(file)) {
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      long samples = Long.parseLong(line.substring(space + 1).trim());
      String[] frames = line.substring(0, space).split(";");
      total += samples;
      String layer = layer(frames);
      layers.merge(layer, samples, Long::sum);
      for (int i = frames.length - 1; i >= 0 && layer.equals("Strangler"); i--) {
        if (frames[i].startsWith("dev/strangler/")) {
          own.merge(frames[i].replaceAll("\\$\\$Lambda\\.0x[0-9a-f]+", "\\$\\$Lambda"), samples, Long::sum);
          break;
        }
      }
    }
    double perSample = total == 0 ? 0 : usPerRequest / total;
    Map<String, Double> byLayer = new LinkedHashMap<>();
    layers.forEach((k, v) -> byLayer.put(k, v * perSample));
    Map<String, Double> ownFrames = new HashMap<>();
    own.forEach((k, v) -> ownFrames.put(k, v * perSample));
    return new Run(label, usPerRequest, byLayer, ownFrames);
  }

  static String layer(String[] frames) {
    boolean java = false;
    for (String frame : frames) {
      if (frame.endsWith("_[k]")) {
        return "kernel";
      }
      java |= frame.contains("/");
    }
    if (!java) {
      return "JVM (GC, JIT, runtime)";
    }
    for (int i = frames.length - 1; i >= 0; i--) {
      String f = frames[i];
      if (!f.contains("/") || f.startsWith("java/") || f.startsWith("jdk/") || f.startsWith("sun/")) {
        continue;
      }
      if (f.startsWith("dev/strangler/")) {
        return "Strangler";
      }
      if (f.startsWith("io/vertx/httpproxy/")) {
        return "vertx-http-proxy";
      }
      if (f.startsWith("io/vertx/")) {
        return "Vert.x core";
      }
      if (f.startsWith("io/netty/")) {
        return "Netty";
      }
      return "other libraries";
    }
    return "JVM (GC, JIT, runtime)";
  }
}
