package dev.strangler.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

  @Test
  void readsTheIdSpringSessionWroteAsBase64() {
    // As the monolith set it at login (Set-Cookie: SESSION=...).
    assertThat(SessionCookie.sessionId("ZWU3MDQ0NjctNWQ1Yy00ODZlLWI0YjgtNjk5YTJiMTQ2YjQy", true))
        .isEqualTo("ee704467-5d5c-486e-b4b8-699a2b146b42");
  }

  @Test
  void readsAPlainIdWhenBase64IsOff() {
    assertThat(SessionCookie.sessionId("ee704467-5d5c-486e-b4b8-699a2b146b42", false))
        .isEqualTo("ee704467-5d5c-486e-b4b8-699a2b146b42");
  }

  @Test
  void anythingMalformedIsNoSession() {
    assertThat(SessionCookie.sessionId(null, true)).isNull();
    assertThat(SessionCookie.sessionId("", true)).isNull();
    assertThat(SessionCookie.sessionId("not base64!", true)).isNull();
    assertThat(SessionCookie.sessionId(base64("with space"), true)).isNull();
    assertThat(SessionCookie.sessionId(base64("new\nline"), true)).isNull();
    assertThat(SessionCookie.sessionId(base64("x".repeat(129)), true)).isNull();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
