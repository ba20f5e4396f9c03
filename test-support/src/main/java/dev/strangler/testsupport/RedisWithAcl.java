package dev.strangler.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code redis-server} of the test's own that loads an ACL file (such as ops/redis/users.acl) with one more user of
 * its own, {@value #ADMIN}, allowed everything, to set up and inspect what the users under test may not touch.
 */
public final class RedisWithAcl implements AutoCloseable {

  public static final String ADMIN = "test-admin";
  private static final String ADMIN_PASSWORD = "test-admin-password";

  private final RedisServerProcess server;
  private final Path acl;

  private RedisWithAcl(RedisServerProcess server, Path acl) {
    this.server = server;
    this.acl = acl;
  }

  /** Starts a server with the users of {@code aclFile} plus the admin. */
  public static RedisWithAcl start(Path aclFile) {
    try {
      Path copy = Files.createTempFile("strangler-users-", ".acl");
      Files.writeString(copy, Files.readString(aclFile) + "\nuser " + ADMIN + " on >" + ADMIN_PASSWORD + " ~* &* +@all\n");
      return new RedisWithAcl(RedisServerProcess.startWith(List.of("--aclfile", copy.toString())), copy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis://user:password@127.0.0.1:<port>/0}. */
  public String url(String user, String password) {
    return "redis://" + user + ":" + password + "@127.0.0.1:" + server.port() + "/0";
  }

  /** The admin's URL. */
  public String adminUrl() {
    return url(ADMIN, ADMIN_PASSWORD);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    acl.toFile().delete();
  }
}
