package org.gistsweep.orchestrator.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.TrialFiles;
import org.gistsweep.testsupport.RequiresTool;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Tool;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The trial page's artifacts in a real browser: each kept file is a link that downloads the store's
 * bytes, a deleted one is plain text saying why, and a worker's artifact error stays text.
 */
@RequiresTool(Tool.CHROMIUM)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag(Tier.BROWSER)
class ArtifactsBrowserTest {
  private static final String HOSTILE_ERROR =
      "s3://b: put failed <img src=x onerror=\"document.title='owned'\">";

  @TempDir static Path dir;
  ConsoleServer server;
  ArtifactStore store;
  Browser browser;
  String id;

  @BeforeAll
  void start() throws Exception {
    server = new ConsoleServer();
    store = ArtifactStores.open(dir.resolve("store").toUri(), S3Settings.DEFAULT);
    server.service.setArtifactStore(store);
    id =
        server
            .post(
                "/api/studies",
                """
                {"name": "files", "budget": {"trials": 3, "parallel": 3, "epochs": 1}, "retain": {"best": 1},
                 "training": {"peft": "adapter"}, "space": {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}}}
                """)
            .get("id")
            .asText();
    Waits.until(
        "three trials",
        Duration.ofSeconds(30),
        () -> server.service.snapshot(id).orElseThrow().trials().size() == 3);
    double[] values = {0.5, 0.9};
    for (int t = 0; t < 2; t++) {
      List<ArtifactRef> refs = TrialFiles.store(store, id, t, 1, TrialFiles.weights(t, 1, 70_000));
      server.apply(
          Events.started(id, t, 1, "w1"),
          Events.epoch(id, t, 1, 1, values[t]),
          Events.finishedWith(id, t, 1, values[t], 1, refs, null));
    }
    server.apply(
        Events.started(id, 2, 1, "w1"),
        Events.epoch(id, 2, 1, 1, 0.1),
        Events.finishedWith(id, 2, 1, 0.1, 1, List.of(), HOSTILE_ERROR));
    Waits.until(
        "trial 0's weights deleted",
        Duration.ofSeconds(30),
        () -> server.service.snapshot(id).orElseThrow().trials().get(0).weightsDeleted());
    browser = new Browser(Files.createDirectories(Path.of("target", "artifact-downloads")));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    server.close();
    store.close();
  }

  private List<WebElement> rows(int trial) {
    browser.open(server.url("/studies/" + id + "/trials/" + trial));
    browser.until(
        "the artifacts table",
        () -> !browser.driver.findElements(By.cssSelector("#trial-artifacts tbody tr")).isEmpty());
    return browser.driver.findElements(By.cssSelector("#trial-artifacts tbody tr"));
  }

  @Test
  void eachKeptFileIsALinkThatDownloadsTheStoresBytes() throws Exception {
    List<WebElement> rows = rows(1);
    assertThat(rows).hasSize(3);
    for (String name : List.of("best.safetensors", "best.json", "attempt-1.log")) {
      Path file = browser.downloads.resolve(id + "-1-" + name);
      Files.deleteIfExists(file);
      browser.driver.findElement(By.cssSelector("a[data-artifact='" + name + "']")).click();
      browser.until(
          "the download of " + name,
          () -> Files.exists(file) && !Files.exists(Path.of(file + ".crdownload")));
      assertThat(Files.readAllBytes(file))
          .as(name)
          .isEqualTo(server.bytes("/api/studies/" + id + "/trials/1/artifacts/" + name));
    }
    assertThat(Files.readAllBytes(browser.downloads.resolve(id + "-1-best.safetensors")))
        .isEqualTo(TrialFiles.weights(1, 1, 70_000));
    assertThat(rows.get(0).getText()).contains("weights", "kept");
  }

  @Test
  void aDeletedFileIsTextSayingWhyAndItsLogStaysALink() {
    List<WebElement> rows = rows(0);
    assertThat(rows.get(0).findElements(By.tagName("a"))).isEmpty();
    assertThat(rows.get(0).getText()).contains("best.safetensors", "deleted (retention)");
    assertThat(rows.get(2).findElements(By.cssSelector("a[data-artifact='attempt-1.log']")))
        .hasSize(1);
  }

  @Test
  void aWorkersArtifactErrorStaysText() {
    rows(2);
    browser.until(
        "the artifact error",
        () ->
            browser.driver.findElements(By.cssSelector("p.error")).stream()
                .anyMatch(p -> p.getText().equals("weights not stored: " + HOSTILE_ERROR)));
    assertThat(browser.driver.findElements(By.cssSelector("img[src=x]"))).isEmpty();
    assertThat(browser.driver.getTitle()).isNotEqualTo("owned");
  }
}
