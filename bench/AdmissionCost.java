import dev.strangler.proxy.overload.Admission;
import dev.strangler.proxy.overload.Overload;
import dev.strangler.proxy.overload.OverloadEvents;
import dev.strangler.proxy.overload.OverloadOptions;
import dev.strangler.proxy.overload.ShedReason;
import dev.strangler.proxy.route.BackendDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * What overload protection's per-request checks cost: one admitted request does exactly what the proxy does for it
 * (Admission.enter, enterBackend, leaveBackend, leave: heap flag, lag flag, two compare-and-sets and two decrements), in
 * a tight loop on 1 and on 2 threads at once (two event loops sharing the process's counters), in nanoseconds per request.
 * Not JMH: warm-up rounds first, then the median of 7 timed rounds; the loop's own cost is measured too (an empty loop
 * with the same bookkeeping) and reported apart.
 *
 * java -cp strangler-proxy/target/strangler-proxy.jar bench/AdmissionCost.java
 */
public final class AdmissionCost {

  private static final int PER_ROUND = 20_000_000;
  private static volatile long sink;

  public static void main(String[] args) throws Exception {
    Overload overload = Overload.create(OverloadOptions.defaults().withMaxInFlight(1_000_000), OverloadEvents.NONE);
    BackendDefinition backend = BackendDefinition.of("http://127.0.0.1:1");
    System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
        + " CPUs, " + PER_ROUND + " requests per round and thread");
    for (int threads : new int[] {1, 2}) {
      List<Admission> admissions = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        admissions.add(overload.admission("bench-" + t));
      }
      for (int warm = 0; warm < 5; warm++) {
        round(admissions, backend, true);
        round(admissions, backend, false);
      }
      double[] checked = new double[7];
      double[] empty = new double[7];
      for (int i = 0; i < 7; i++) {
        checked[i] = round(admissions, backend, true);
        empty[i] = round(admissions, backend, false);
      }
      java.util.Arrays.sort(checked);
      java.util.Arrays.sort(empty);
      System.out.printf("%d thread(s): %.1f ns/request with the checks, %.1f ns/request loop alone, %.1f ns/request "
          + "for the checks (median of 7; range %.1f-%.1f)%n", threads, checked[3], empty[3], checked[3] - empty[3],
          checked[0] - empty[3], checked[6] - empty[3]);
    }
    overload.close();
  }

  /** Every thread runs PER_ROUND requests at once; ns per request per thread. */
  private static double round(List<Admission> admissions, BackendDefinition backend, boolean check) throws Exception {
    CyclicBarrier start = new CyclicBarrier(admissions.size() + 1);
    CyclicBarrier end = new CyclicBarrier(admissions.size() + 1);
    for (Admission admission : admissions) {
      Thread.ofPlatform().start(() -> {
        try {
          start.await();
          long local = 0;
          for (int i = 0; i < PER_ROUND; i++) {
            if (check) {
              ShedReason refused = admission.enter();
              if (refused == null && admission.enterBackend("catalog", backend)) {
                local++;
                admission.leaveBackend("catalog");
              }
              if (refused == null) {
                admission.leave();
              }
            } else {
              local += i & 1;
            }
          }
          sink += local;
          end.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
    start.await();
    long began = System.nanoTime();
    end.await();
    return (System.nanoTime() - began) / (double) PER_ROUND;
  }
}
