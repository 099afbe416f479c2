package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of browser-origin protection: options, Host and Origin parsing, session cookies.
 */
class WebAccessTest {
  private static final ApiToken TOKEN = ApiToken.of("s3cr3t-t0ken-0123456789abcdef");

  @Test
  void optionsAreNormalisedAndBadOnesNamed() {
    WebAccess access =
        new WebAccess(
            List.of("HTTP://Example.com:80/", "https://x.example:443", "http://[::1]:3000"),
            List.of("Orchestrator", "sweep.example.", "*"),
            false);
    assertThat(access.allowedOrigins())
        .containsExactly("http://example.com", "https://x.example", "http://[::1]:3000");
    assertThat(access.allowedHosts()).containsExactly("orchestrator", "sweep.example", "*");
    for (String bad :
        List.of("evil.example", "http://x/path", "null", "*", "ftp://x", "http://x:99999", "")) {
      assertThatThrownBy(() -> new WebAccess(List.of(bad), List.of(), false))
          .as(bad)
          .hasMessageContaining("--allowed-origin '" + bad + "'")
          .hasMessageContaining("scheme://host[:port]");
    }
    for (String bad : List.of("orchestrator:8080", "http://x", "a/b", "-x", "")) {
      assertThatThrownBy(() -> new WebAccess(List.of(), List.of(bad), false))
          .as(bad)
          .hasMessageContaining("--allowed-host '" + bad + "'")
          .hasMessageContaining("e.g. --allowed-host orchestrator");
    }
    assertThatThrownBy(() -> new WebAccess(List.of(), List.of(), true).check(Optional.empty()))
        .isInstanceOf(UnprotectedReadsException.class);
    new WebAccess(List.of(), List.of(), true).check(Optional.of(TOKEN));
  }

  @Test
  void hostsAreLoopbackNamesIpAddressesOrAllowedNamesWithoutAnyLookup() {
    HostAllowList hosts = new HostAllowList(List.of("orchestrator"));
    assertThat(HostAllowList.hostOf("[::1]:8080")).contains("::1");
    assertThat(HostAllowList.hostOf("LocalHost.:80")).contains("localhost");
    assertThat(HostAllowList.hostOf("a:b")).isEmpty();
    assertThat(HostAllowList.hostOf("::1")).isEmpty();
    for (String ok :
        List.of(
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "127.255.0.3",
            "192.168.1.20:8080",
            "[::1]",
            "[::ffff:10.0.0.1]:80",
            "[2001:db8::7]",
            "orchestrator:8080",
            "ORCHESTRATOR")) {
      assertThat(hosts.allows(ok)).as(ok).isTrue();
    }
    for (String refused :
        List.of(
            "attacker.example",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
            "1.2.3",
            "999.1.1.1",
            "0x7f.0.0.1",
            "2130706433",
            "[::1",
            "[not-ip]",
            "",
            " ",
            "orchestrator.evil",
            "localhost:80:80")) {
      assertThat(hosts.allows(refused)).as(refused).isFalse();
    }
    assertThat(hosts.allows(null)).as("no Host header (HTTP/1.0)").isTrue();
    assertThat(new HostAllowList(List.of("*")).allows("anything.example")).isTrue();
  }

  @Test
  void originsCompareAsBrowsersSendThem() {
    OriginPolicy origins = new OriginPolicy(List.of("http://localhost:3000"));
    assertThat(origins.accepts("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
    assertThat(origins.accepts("http://sweep.example", "sweep.example:80")).isTrue();
    assertThat(origins.accepts("http://localhost:3000", "127.0.0.1:8080")).isTrue();
    assertThat(origins.accepts("http://localhost:8080", "127.0.0.1:8080")).isFalse();
    assertThat(origins.accepts("https://127.0.0.1:8080", "127.0.0.1:8080"))
        .as("behind TLS: --allowed-origin")
        .isFalse();
    assertThat(origins.accepts("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
    assertThat(origins.accepts("null", "127.0.0.1:8080")).isFalse();
    assertThat(origins.accepts("http://127.0.0.1:8080", null)).isFalse();
    assertThat(origins.isAllowedCrossOrigin("http://localhost:3000")).isTrue();
    assertThat(origins.isAllowedCrossOrigin("http://127.0.0.1:8080"))
        .as("same origin needs no CORS")
        .isFalse();
  }

  @Test
  void sessionsEndAtTheirExpiryAndCannotBeForged() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    SessionCookie sessions = new SessionCookie(new SecureRandom(), TOKEN, clock);
    String cookie = sessions.issue(sessions.expiryOfNew());
    String value = cookie.substring(SessionCookie.COOKIE.length() + 1, cookie.indexOf(';'));
    assertThat(sessions.valid(value)).isTrue();
    assertThat(new SessionCookie(new SecureRandom(), TOKEN, clock).valid(value))
        .as("another server run's key")
        .isFalse();
    assertThat(sessions.valid(value.replace(value.substring(0, value.indexOf('.')), "4102444800")))
        .as("a longer expiry")
        .isFalse();
    assertThat(sessions.valid(null)).isFalse();
    assertThat(sessions.toString()).doesNotContain(value);
    clock.advance(SessionCookie.LIFETIME.minus(Duration.ofSeconds(1)));
    assertThat(sessions.valid(value)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.valid(value)).isFalse();
    assertThat(sessions.cleared()).contains("Max-Age=0", "HttpOnly");
  }
}
