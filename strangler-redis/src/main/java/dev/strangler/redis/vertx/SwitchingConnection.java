package dev.strangler.redis.vertx;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/** A connection {@link SwitchingRedis} handed out: dropped with its pool on a switch, and watched for READONLY. */
final class SwitchingConnection implements RedisConnection {

  private final RedisConnection delegate;
  private final SwitchingRedis owner;
  private final Redis pool;

  SwitchingConnection(RedisConnection delegate, SwitchingRedis owner, Redis pool) {
    this.delegate = delegate;
    this.owner = owner;
    this.pool = pool;
  }

  Redis pool() {
    return pool;
  }

  /** Closed by the client: its owner sees it end (end handler) and fails what is in flight. */
  void drop() {
    owner.forget(this);
    delegate.close();
  }

  @Override
  public RedisConnection exceptionHandler(Handler<Throwable> handler) {
    delegate.exceptionHandler(handler);
    return this;
  }

  @Override
  public RedisConnection handler(Handler<Response> handler) {
    delegate.handler(handler);
    return this;
  }

  @Override
  public RedisConnection pause() {
    delegate.pause();
    return this;
  }

  @Override
  public RedisConnection resume() {
    delegate.resume();
    return this;
  }

  @Override
  public RedisConnection fetch(long amount) {
    delegate.fetch(amount);
    return this;
  }

  @Override
  public RedisConnection endHandler(Handler<Void> handler) {
    delegate.endHandler(handler);
    return this;
  }

  @Override
  public Future<Response> send(Request command) {
    return delegate.send(command).onFailure(e -> owner.failed(pool, e));
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return delegate.batch(commands).onFailure(e -> owner.failed(pool, e));
  }

  @Override
  public Future<Void> close() {
    owner.forget(this);
    return delegate.close();
  }

  @Override
  public boolean pendingQueueFull() {
    return delegate.pendingQueueFull();
  }
}
