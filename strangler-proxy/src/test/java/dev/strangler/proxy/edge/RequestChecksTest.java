package dev.strangler.proxy.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The character tables agree with the grammar, written here as the regular expressions they replaced. */
class RequestChecksTest {

  /** RFC 9110 §5.6.2 token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** RFC 9110 §7.2 Host: uri-host [ ":" port ], the host a reg-name, IPv4 or bracketed IPv6 literal. */
  private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:[0-9]{0,5})?");
  /** Every character class boundary of both grammars, and some that are in neither. */
  private static final String ALPHABET = "aZ09.-_~!$&'()*+,;=%[]:@/?#\\\" \t{}<>^`|xF\u00e9\u0000\u007f";

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "example.com:8080", "127.0.0.1", "127.0.0.1:", "[::1]", "[::1]:443",
      "[2001:db8::7]:65535", "a%41b", "xn--bcher-kva.example", "h:123456", "[::1", "::1", "[]", "[::1]x", "a b",
      "a/b", "a@b", "", ":80", "a:b", "[::1]:8a"})
  void hostsAreCheckedByTheGrammar(String host) {
    assertThat(RequestChecks.isHost(host)).as(host).isEqualTo(HOST.matcher(host).matches());
  }

  @Test
  void randomHostsAndHeaderNamesAreJudgedAsTheGrammarJudgesThem() {
    Random random = new Random(20261129);
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      String text = randomText(random);
      boolean host = RequestChecks.isHost(text);
      assertThat(host).as("Host '%s'", text).isEqualTo(HOST.matcher(text).matches());
      assertThat(RequestChecks.isToken(text)).as("token '%s'", text).isEqualTo(TOKEN.matcher(text).matches());
      accepted += host ? 1 : 0;
    }
    assertThat(accepted).as("the random texts include valid hosts too").isGreaterThan(1_000);
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    if (random.nextInt(4) == 0) {
      text.append('[');
    }
    int length = random.nextInt(9);
    for (int i = 0; i < length; i++) {
      // Mostly host characters, so that valid hosts are common enough to compare too.
      text.append(random.nextInt(3) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : "ab1.:9]".charAt(random.nextInt(7)));
    }
    return text.toString();
  }
}
