package org.gistsweep.orchestrator.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.http.WebAccess;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/**
 * Issue 22 in a real browser (Debian's headless Chromium): a page served from another origin, both
 * cross-site ({@code localhost}) and same-site on another port ({@code 127.0.0.1}, which shares the
 * orchestrator's cookies and can read its XSRF cookie), tries to create a study and to cancel a
 * running one with fetch (no-cors text/plain, urlencoded, JSON downgraded, CORS JSON with the
 * stolen XSRF token), navigator.sendBeacon and form posts (text/plain carrying JSON, urlencoded,
 * multipart): Chromium's network log shows each call that left the browser answered 403 or 415, and
 * the API shows no new study and the study still running. The console on the server's own origin
 * (either loopback name) pauses and cancels through its buttons, and under {@code --read-token} it
 * asks for the token once and then works on a session cookie.
 */
@RequiresTool(Tool.CHROMIUM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Tier.BROWSER)
class CrossOriginBrowserTest {
  private static final String TOKEN = "s3cr3t-t0ken-0123456789abcdef";
  private static final String DIR = "/org/gistsweep/orchestrator/http/console/";

  ConsoleServer server;
  Browser browser;
  HttpServer attacker;

  @BeforeAll
  void start() throws Exception {
    server = new ConsoleServer();
    browser = new Browser(Files.createDirectories(Path.of("target", "console-downloads")), true);
    Map<String, String> files =
        Map.of("/attack.html", resource("attack.html"), "/attack.js", resource("attack.js"));
    attacker =
        server
            .vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  String body = files.get(req.path());
                  if (body == null) {
                    req.response().setStatusCode(404).end();
                  } else {
                    req.response()
                        .putHeader(
                            "Content-Type",
                            req.path().endsWith(".js") ? "text/javascript" : "text/html")
                        .end(body);
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = CrossOriginBrowserTest.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IOException(DIR + name + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String study(ConsoleServer on, String name) throws Exception {
    return on.post(
            "/api/studies",
            "{\"name\": \""
                + name
                + "\", \"directions\": [\"maximize\"],"
                + " \"space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}}")
        .get("id")
        .asText();
  }

  private static String state(ConsoleServer on, String id) {
    try {
      return on.get("/api/studies/" + id).get("state").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void press(String label) {
    browser.until(
        "the controls show '" + label + "'",
        () -> !browser.driver.findElements(button(label)).isEmpty());
    browser.driver.findElement(button(label)).click();
  }

  private static By button(String label) {
    return By.xpath("//div[@id='study-controls']//button[normalize-space()='" + label + "']");
  }

  /** A call Chromium sent and how it ended: the status of its response, or the reason it failed. */
  private record Call(String method, String url, String type, String outcome) {}

  /** The calls of the network events so far, by request id. */
  private static List<Call> calls(List<JsonNode> events) {
    Map<String, String[]> requests = new HashMap<>();
    Map<String, String> outcomes = new HashMap<>();
    for (JsonNode e : events) {
      JsonNode p = e.get("params");
      String id = p.path("requestId").asText();
      switch (e.get("method").asText()) {
        case "Network.requestWillBeSent" ->
            requests.put(
                id,
                new String[] {
                  p.at("/request/method").asText(),
                  p.at("/request/url").asText(),
                  p.path("type").asText()
                });
        case "Network.responseReceived" -> outcomes.put(id, p.at("/response/status").asText());
        case "Network.loadingFailed" ->
            outcomes.putIfAbsent(
                id,
                "failed: "
                    + p.path("errorText").asText()
                    + (p.has("corsErrorStatus")
                        ? " " + p.at("/corsErrorStatus/corsError").asText()
                        : ""));
        default -> {}
      }
    }
    List<Call> out = new ArrayList<>();
    requests.forEach(
        (id, r) -> out.add(new Call(r[0], r[1], r[2], outcomes.getOrDefault(id, "pending"))));
    return out;
  }

  @Test
  void aPageOnAnotherOriginCanNeitherCreateNorCancelAStudy() throws Exception {
    String id = study(server, "target");
    int before = server.get("/api/studies").get("studies").size();
    // the browser holds the console's cookies for 127.0.0.1, as it would for a user of the console
    browser.open(server.url("/studies/" + id));
    browser.drawn(1);
    browser.network();
    String target = URLEncoder.encode(server.url(""), StandardCharsets.UTF_8);
    List<JsonNode> events = new ArrayList<>();
    for (String origin :
        List.of(
            "http://localhost:" + attacker.actualPort(),
            "http://127.0.0.1:" + attacker.actualPort())) {
      browser.open(origin + "/attack.html?target=" + target + "&study=" + id);
      browser.until(
          "the page on " + origin + " tried every call",
          () -> "1".equals(browser.js("return document.body.dataset.done")));
      JsonNode seen = browser.json("return document.body.dataset.seen");
      assertThat(seen.get("stolen").asBoolean())
          .as("%s can read the XSRF cookie", origin)
          .isEqualTo(origin.contains("127.0.0.1"));
      for (String preflighted : List.of("cors json create", "cors json cancel", "cors read")) {
        assertThat(seen.get(preflighted).asText())
            .as("%s: %s", origin, preflighted)
            .isEqualTo("refused: TypeError");
      }
      assertThat(seen.get("no-cors text/plain cancel").asText())
          .as("the answer is opaque to the page")
          .isEqualTo("opaque");
      assertThat(seen.get("beacon text cancel").asBoolean())
          .as("the browser queued the beacon")
          .isTrue();
      // beacons end after the page: wait until Chromium has an outcome for every call to the
      // orchestrator
      browser.until(
          "every call from " + origin + " has an outcome",
          () -> {
            events.addAll(browser.network());
            List<Call> mine =
                calls(events).stream()
                    .filter(c -> c.url().startsWith(server.url("/api/")))
                    .toList();
            return !mine.isEmpty() && mine.stream().noneMatch(c -> c.outcome().equals("pending"));
          });
    }
    List<Call> posts =
        calls(events).stream()
            .filter(c -> c.url().startsWith(server.url("/api/")) && c.method().equals("POST"))
            .toList();
    assertThat(posts)
        .as("every call that changes state, answered")
        .allSatisfy(c -> assertThat(c.outcome()).as(c.toString()).matches("403|415|failed: .*"));
    assertThat(posts.stream().filter(c -> c.outcome().equals("415")).count())
        .as("no-cors fetches, beacons and forms reached the server and were refused 415: %s", posts)
        .isGreaterThanOrEqualTo(2 * 9);

    assertThat(server.get("/api/studies").get("studies").size())
        .as("no new study")
        .isEqualTo(before);
    assertThat(state(server, id)).as("the study was not cancelled").isEqualTo("running");
  }

  @Test
  void theConsoleOnTheServersOwnOriginPausesAndCancels() throws Exception {
    String id = study(server, "console");
    browser.open(server.url("/studies/" + id));
    browser.drawn(1);
    press("Pause");
    browser.until("the study is paused", () -> state(server, id).equals("paused"));
    press("Cancel\u2026");
    press("Confirm cancel");
    browser.until("the study is cancelled", () -> state(server, id).equals("cancelled"));

    // localhost is another origin of the same server, with cookies of its own
    String other = study(server, "localhost");
    browser.open("http://localhost:" + server.port + "/studies/" + other);
    browser.drawn(1);
    press("Pause");
    browser.until(
        "the study is paused through localhost", () -> state(server, other).equals("paused"));
  }

  @Test
  void underReadTokenTheConsoleAsksForTheTokenOnceThenWorksOnASession() throws Exception {
    try (ConsoleServer guarded =
        new ConsoleServer(Optional.of(TOKEN), new WebAccess(List.of(), List.of(), true))) {
      String id = study(guarded, "guarded");
      browser.open(guarded.url("/studies/" + id));
      browser.until(
          "the console shows its token form",
          () ->
              !browser
                  .driver
                  .findElements(By.cssSelector("#sign-in input[type=password]"))
                  .isEmpty());
      assertThat(browser.driver.findElement(By.id("view")).getText())
          .contains("API token")
          .doesNotContain("guarded-");
      browser.driver.findElement(By.cssSelector("#sign-in input[type=password]")).sendKeys(TOKEN);
      browser
          .driver
          .findElement(By.xpath("//*[@id='sign-in']//button[normalize-space()='Use token']"))
          .click();
      browser.drawn(1);
      assertThat(browser.js("return document.cookie"))
          .as("the session cookie is HttpOnly")
          .asString()
          .doesNotContain("gist_session");
      assertThat(browser.js("return sessionStorage.length"))
          .as("the page keeps no token")
          .isEqualTo(0L);
      press("Pause");
      browser.until("the study is paused", () -> state(guarded, id).equals("paused"));

      browser.open(guarded.url("/"));
      browser.until(
          "the study list shows the study over its event stream",
          () ->
              !browser
                  .driver
                  .findElements(By.cssSelector("tr[data-study='" + id + "']"))
                  .isEmpty());

      // the former plain leaderboard's address leads to the console's view of the study
      browser.open(guarded.url("/leaderboard?study=" + id));
      browser.until(
          "the console shows the study's leaderboard",
          () -> browser.driver.getCurrentUrl().endsWith("/studies/" + id + "/leaderboard"));
    }
  }
}
