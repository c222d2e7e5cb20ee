package io.slipway.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.engine.config.ConfigLoader;
import io.slipway.engine.config.Strictness;
import io.slipway.engine.host.HttpResult;
import io.slipway.engine.pki.ClusterPki;
import io.slipway.engine.pki.KeyType;
import io.slipway.engine.plan.Phase;
import io.slipway.engine.plan.Step;
import io.slipway.engine.plan.StepId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Deleting a removed node's Node object: reported once it is gone through this run's DELETE, also
 * when the answer to that DELETE was lost and the executor's retry finds the Node gone.
 */
class DeleteNodeTest {

  /** An apiserver that answers each DELETE with the next of the test's answers. */
  private static final class Answers extends HttpOnlyHost {
    final Deque<HttpResult> answers;

    Answers(HttpResult... answers) {
      super("m1", "10.0.0.1");
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public HttpResult http(String method, URI url, SSLContext tls, Duration timeout, String contentType, String body) {
      assertThat(method + " " + url.getPath()).isEqualTo("DELETE /api/v1/nodes/m3");
      return answers.removeFirst();
    }
  }

  private static final Step.DeleteNode DELETE = new Step.DeleteNode(new StepId("m1", "delete-node:m3"), Phase.WORKER,
      "m3");

  private static HostStepRunner runner(Answers apiserver) {
    var config = ConfigLoader.parse("cluster.yml",
        "nodes: [{address: 10.0.0.1, user: rke, role: [controlplane, etcd, worker], hostname_override: m1}]\n",
        Strictness.STRICT).config();
    return new HostStepRunner(Map.of("m1", apiserver),
        ClusterPki.create(config, KeyType.ECDSA_P256, Clock.systemUTC(), new SecureRandom()));
  }

  @Test
  void aNodeDeletedIsReported() throws Exception {
    HostStepRunner runner = runner(new Answers(new HttpResult(200, "{}")));
    runner.run(DELETE);
    assertThat(runner.changes()).containsExactly(new Change.NodeDeleted("m3"));
  }

  @Test
  void aNodeAlreadyGoneIsNoChange() throws Exception {
    HostStepRunner runner = runner(new Answers(new HttpResult(404, "{}")));
    runner.run(DELETE);
    assertThat(runner.changes()).isEmpty();
  }

  @Test
  void aRetryThatFindsTheNodeGoneReportsTheDeleteWhoseAnswerWasLost() throws Exception {
    HostStepRunner runner = runner(new Answers(new HttpResult(-1, "timed out after 30 s"), new HttpResult(404, "{}")));
    assertThatThrownBy(() -> runner.run(DELETE)).hasMessageContaining("deleting node m3: timed out after 30 s");
    assertThat(runner.changes()).isEmpty();
    runner.run(DELETE);
    assertThat(runner.changes()).containsExactly(new Change.NodeDeleted("m3"));
  }
}
