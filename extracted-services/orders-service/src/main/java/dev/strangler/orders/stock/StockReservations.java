package dev.strangler.orders.stock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of the monolith's internal stock reservation API (contract C1): {@code POST /internal/stock/reservations}
 * takes stock all-or-nothing under a reservation id, {@code DELETE …/{id}} puts it back. Both are idempotent at the
 * monolith, so a call whose outcome is unknown (timeout, connection lost) is safe to follow with a release.
 */
public final class StockReservations {

  public static final String PATH = "/internal/stock/reservations";
  private static final Logger LOG = LoggerFactory.getLogger(StockReservations.class);

  private final HttpClient http;
  private final URI monolith;
  private final String token;
  private final Duration timeout;

  public StockReservations(Vertx vertx, String monolithUrl, String token, Duration timeout) {
    this.http = vertx.createHttpClient();
    this.monolith = URI.create(Objects.requireNonNull(monolithUrl, "monolithUrl == null"));
    this.token = Objects.requireNonNull(token, "token == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
  }

  /** {@code order:<id>}: the id the monolith marks CONFIRMED when it imports that order. */
  public static String idFor(long orderId) {
    return "order:" + orderId;
  }

  /** Holds {@code lines} (sku to quantity); fails when the monolith gave no usable answer (then release to be sure). */
  public Future<Reservation> reserve(String reservationId, Map<String, Integer> lines) {
    JsonObject body = new JsonObject().put("reservationId", reservationId).put("lines", new JsonObject(new TreeMap<>(lines)));
    return send(HttpMethod.POST, PATH, body.toBuffer()).compose(response -> response.body().compose(buffer -> {
      int status = response.statusCode();
      if (status == 200 || status == 201) {
        return Future.succeededFuture(new Reservation.Held(reservationId));
      }
      if (status == 409 || status == 404 || status == 422) {
        return Future.succeededFuture(new Reservation.Refused(status, response.getHeader("Content-Type"), buffer.toString()));
      }
      return Future.failedFuture(new IllegalStateException("the monolith answered " + status + " to reservation " + reservationId));
    }));
  }

  /** Puts the stock back (idempotent: unknown or already released is fine); fails when it could not be confirmed. */
  public Future<Void> release(String reservationId) {
    String path = PATH + "/" + URLEncoder.encode(reservationId, StandardCharsets.UTF_8);
    return send(HttpMethod.DELETE, path, null).compose(response -> response.body().compose(buffer -> {
      if (response.statusCode() == 204) {
        return Future.<Void>succeededFuture();
      }
      return Future.<Void>failedFuture(new IllegalStateException("the monolith answered " + response.statusCode()
          + " to the release of " + reservationId));
    }));
  }

  /** {@link #release} a few times; logs what could not be released (the monolith's sweeper frees it after its hold timeout). */
  public Future<Void> releaseReliably(String reservationId, int attempts) {
    return release(reservationId).recover(e -> {
      if (attempts > 1) {
        return releaseReliably(reservationId, attempts - 1);
      }
      LOG.error("reservation {} could not be released ({}); the monolith's sweeper will release it", reservationId, e.getMessage());
      return Future.failedFuture(e);
    });
  }

  private Future<HttpClientResponse> send(HttpMethod method, String path, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(monolith.resolve(path).toString())
        .setTimeout(timeout.toMillis()).putHeader("Authorization", "Bearer " + token).putHeader("Accept", "application/json");
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options).compose(request -> body == null ? request.send() : request.send(body));
  }

  public Future<Void> close() {
    return http.close();
  }
}
