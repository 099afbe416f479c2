package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.AclCommand;
import org.apache.kafka.tools.ConfigCommand;
import org.gistsweep.cli.broker.BrokerOptions;
import org.gistsweep.cli.broker.EmbeddedKafkaBroker;
import org.gistsweep.cli.process.ChildProcess;
import org.gistsweep.cli.process.GistCli;
import org.gistsweep.cli.process.ProcessGroup;
import org.gistsweep.cli.process.Readiness;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.testsupport.FreePorts;
import org.gistsweep.testsupport.Tier;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/security/kafka-acls.md, tested: a KRaft broker with a SASL listener (PLAIN for its super
 * user, SCRAM-SHA-512 for the rest) and the StandardAuthorizer (no ACL, no access); the page's
 * {@code kafka-configs.sh} and {@code kafka-acls.sh} commands run as written; then the {@code
 * orchestrator} and {@code worker} commands, each with its example file of examples/kafka/, run a
 * one-trial sweep to the end; and the worker's principal is refused what it must not do.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class KafkaAclsIT {
  private static final Path PAGE = Path.of("..", "docs", "security", "kafka-acls.md");
  private static final Path EXAMPLES =
      Path.of("..", "examples", "kafka").toAbsolutePath().normalize();
  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "test-admin-password";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern JAAS_USER =
      Pattern.compile("username=\"([^\"]+)\" password=\"([^\"]+)\"");

  private static final String SWEEP =
      """
      {"name": "acl", "budget": {"trials": 1, "parallel": 1, "epochs": 1},
       "sampler": {"type": "random", "seed": 1},
       "training": {"task": "synthetic-shapes", "peft": "adapter", "adapter_dim": 4, "batch_size": 32, "warmup_epochs": 0,
                    "train_split": "%s", "eval_split": "%s"},
       "space": {"lr": {"type": "float", "low": 0.003, "high": 0.02, "log": true}}}
      """
          .formatted(ChaosData.TRAIN, ChaosData.EVAL);

  @Test
  void theDocumentedAclsRunASweepAndKeepTheWorkerToItsTopics() throws Exception {
    Path runDir =
        Path.of(
                "target",
                "chaos",
                "KafkaAclsIT-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
            .toAbsolutePath();
    Files.createDirectories(runDir);
    int port = FreePorts.next();
    int controllerPort = FreePorts.next();
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                new BrokerOptions(
                    port, runDir.resolve("kafka"), saslBroker(port, controllerPort)));
        ProcessGroup group = new ProcessGroup(runDir)) {
      String bootstrap = broker.bootstrapServers();
      Path admin =
          Files.writeString(runDir.resolve("admin.properties"), plain(ADMIN, ADMIN_PASSWORD));
      runDocumentedCommands(bootstrap, admin);
      assertTheDocumentedAclsAreInPlace(bootstrap);

      Path data = ChaosData.prepare(Path.of("target", "chaos-data").toAbsolutePath(), 64, 64);
      int httpPort = FreePorts.next();
      Map<String, String> environment = GistCli.environment(runDir.resolve("home"));
      OrchestratorApi api = new OrchestratorApi("http://127.0.0.1:" + httpPort);
      ChildProcess orchestrator =
          group.child(
              "orchestrator",
              GistCli.command(
                  List.of("-Xmx256m"),
                  "orchestrator",
                  "--bootstrap",
                  bootstrap,
                  "--kafka-config",
                  EXAMPLES.resolve("orchestrator.properties").toString(),
                  "--port",
                  Integer.toString(httpPort),
                  "--connect-timeout",
                  "60"),
              environment,
              Readiness.http(api.base() + "/api/studies"),
              START_TIMEOUT);
      ChildProcess worker =
          group.child(
              "worker",
              GistCli.command(
                  List.of("-Xmx512m"),
                  "worker",
                  "--bootstrap",
                  bootstrap,
                  "--kafka-config",
                  EXAMPLES.resolve("worker.properties").toString(),
                  "--id",
                  "acl-w1",
                  "--data",
                  data.toString(),
                  "--connect-timeout",
                  "60"),
              environment,
              Readiness.logLine("Worker acl-w1 ready"),
              START_TIMEOUT);
      orchestrator.launch();
      worker.launch();
      orchestrator.awaitReady();
      worker.awaitReady();

      OrchestratorApi.Reply created = api.post("/api/studies", SWEEP);
      assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
      String id = created.body().path("id").asText();
      JsonNode done =
          Waits.until(
              "the one-trial sweep to complete (logs in " + runDir + ")",
              Duration.ofMinutes(4),
              () -> api.study(id).filter(s -> "complete".equals(s.path("state").asText())));
      JsonNode trial = done.path("trials").get(0);
      assertThat(trial.path("state").asText()).isEqualTo("COMPLETE");
      assertThat(trial.path("worker").asText()).isEqualTo("acl-w1");
      assertThat(done.path("ignored_messages").asLong()).isZero();
      assertThat(api.metrics().orElseThrow().path("dead_lettered").asLong()).isZero();
      for (ChildProcess p : List.of(orchestrator, worker)) {
        assertThat(p.currentRunLog())
            .as("%s log: no thread died (e.g. on a topic refused before it existed)", p.name())
            .doesNotContain("Exception in thread");
      }

      assertTheWorkerIsRefusedWhatItMustNotDo(bootstrap);
    }
  }

  /** The broker's listener and authorizer settings: SASL on the client and controller listeners. */
  private static Map<String, String> saslBroker(int port, int controllerPort) {
    String adminJaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + ADMIN
            + "\" password=\""
            + ADMIN_PASSWORD
            + "\" user_"
            + ADMIN
            + "=\""
            + ADMIN_PASSWORD
            + "\";";
    Map<String, String> o = new HashMap<>();
    o.put(
        "listeners",
        "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    o.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
    o.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    o.put(
        "listener.security.protocol.map",
        "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    o.put("inter.broker.listener.name", "SASL_PLAINTEXT");
    o.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    o.put("sasl.mechanism.controller.protocol", "PLAIN");
    o.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
    o.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", adminJaas);
    o.put(
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    o.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    o.put("listener.name.controller.plain.sasl.jaas.config", adminJaas);
    o.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    o.put("super.users", "User:" + ADMIN);
    o.put("allow.everyone.if.no.acl.found", "false");
    return o;
  }

  private static String plain(String user, String password) {
    return "security.protocol=SASL_PLAINTEXT\n"
        + "sasl.mechanism=PLAIN\n"
        + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\""
        + user
        + "\" password=\""
        + password
        + "\";\n";
  }

  /**
   * Runs the page's commands in this JVM, as kafka-configs.sh and kafka-acls.sh would; a failed one
   * fails the test.
   */
  private static void runDocumentedCommands(String bootstrap, Path admin) throws IOException {
    List<DocumentedCommands.Command> commands = DocumentedCommands.read(PAGE, bootstrap, admin);
    assertThat(commands)
        .extracting(DocumentedCommands.Command::script)
        .containsOnly("kafka-configs.sh", "kafka-acls.sh")
        .filteredOn("kafka-configs.sh"::equals)
        .hasSize(2);
    Exit.setExitProcedure(
        (code, message) -> {
          throw new AssertionError("a documented command exited with " + code + ": " + message);
        });
    try {
      for (DocumentedCommands.Command c : commands) {
        String[] args = c.args().toArray(String[]::new);
        if (c.script().equals("kafka-configs.sh")) {
          ConfigCommand.main(args);
        } else {
          AclCommand.main(args);
        }
      }
    } finally {
      Exit.resetExitProcedure();
    }
    for (String role : List.of("orchestrator", "worker")) {
      Matcher m = JAAS_USER.matcher(Files.readString(EXAMPLES.resolve(role + ".properties")));
      assertThat(m.find()).as("examples/kafka/%s.properties names its user", role).isTrue();
      assertThat(Files.readString(PAGE))
          .as("the page creates the user of %s.properties with its password", role)
          .contains(
              "password=" + m.group(2) + "]' --entity-type users --entity-name " + m.group(1));
    }
  }

  private static void assertTheDocumentedAclsAreInPlace(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(clientConfig(bootstrap, plain(ADMIN, ADMIN_PASSWORD)))) {
      assertThat(admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).values())
          .extracting(d -> d.name())
          .containsExactlyInAnyOrder("gist-orchestrator", "gist-worker");
      assertThat(admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).values())
          .allSatisfy(
              d ->
                  assertThat(d.credentialInfos())
                      .extracting(ScramCredentialInfo::mechanism)
                      .containsExactly(ScramMechanism.SCRAM_SHA_512));
      var acls =
          admin
              .describeAcls(
                  new AclBindingFilter(ResourcePatternFilter.ANY, AccessControlEntryFilter.ANY))
              .values()
              .get(30, TimeUnit.SECONDS);
      List<String> worker =
          acls.stream()
              .filter(b -> b.entry().principal().equals("User:gist-worker"))
              .map(KafkaAclsIT::describe)
              .toList();
      assertThat(worker)
          .containsExactlyInAnyOrder(
              "READ TOPIC gist.trials",
              "READ TOPIC gist.control",
              "READ GROUP gist-workers",
              "WRITE TOPIC gist.events");
      assertThat(acls)
          .extracting(b -> b.entry().principal())
          .containsOnly("User:gist-orchestrator", "User:gist-worker");
    }
  }

  private static String describe(AclBinding b) {
    return b.entry().operation() + " " + b.pattern().resourceType() + " " + b.pattern().name();
  }

  private static void assertTheWorkerIsRefusedWhatItMustNotDo(String bootstrap) throws Exception {
    Properties workerSettings = properties(EXAMPLES.resolve("worker.properties"));
    Map<String, Object> producer = clientConfig(bootstrap, workerSettings);
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
      for (String topic :
          List.of(Topics.JOURNAL, Topics.TRIALS, Topics.CONTROL, Topics.DEAD_LETTERS)) {
        assertThatThrownBy(
                () ->
                    p.send(new ProducerRecord<>(topic, "forged", new byte[] {1}))
                        .get(30, TimeUnit.SECONDS))
            .as("the worker writes %s", topic)
            .rootCause()
            .isInstanceOf(TopicAuthorizationException.class)
            .hasMessageContaining(topic);
      }
      p.send(new ProducerRecord<>(Topics.EVENTS, "acl-probe", new byte[] {1}))
          .get(30, TimeUnit.SECONDS); // the one topic it may write
    }
    Map<String, Object> consumer = clientConfig(bootstrap, workerSettings);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.of(new TopicPartition(Topics.JOURNAL, 0)));
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 50; i++) {
                  c.poll(Duration.ofMillis(200));
                }
              })
          .as("the worker reads gist.journal")
          .isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(Topics.JOURNAL);
    }
    Map<String, Object> transactional = clientConfig(bootstrap, workerSettings);
    transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gist-orchestrator");
    transactional.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    try (KafkaProducer<String, byte[]> t =
        new KafkaProducer<>(transactional, new StringSerializer(), new ByteArraySerializer())) {
      assertThatThrownBy(t::initTransactions)
          .as("the worker takes the orchestrator's transactional id")
          .isInstanceOf(TransactionalIdAuthorizationException.class);
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    return p;
  }

  private static Map<String, Object> clientConfig(String bootstrap, String settings)
      throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(settings));
    return clientConfig(bootstrap, p);
  }

  private static Map<String, Object> clientConfig(String bootstrap, Properties settings) {
    Map<String, Object> c = new HashMap<>();
    settings.stringPropertyNames().forEach(k -> c.put(k, settings.getProperty(k)));
    c.put("bootstrap.servers", bootstrap);
    return c;
  }
}
