package io.slipway.benchmarks;

import io.slipway.engine.config.ClusterConfig;
import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.pki.ClusterPki;
import io.slipway.engine.pki.KeyType;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Issuing every certificate of a cluster (CA, components, one per etcd member) with RSA-2048 or ECDSA P-256 keys. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class PkiBenchmark {

  @Param({"RSA_2048", "ECDSA_P256"})
  public KeyType keyType;

  @Param({"7", "100"})
  public int nodes;

  private ClusterConfig config;
  private final SecureRandom random = new SecureRandom();

  @Setup
  public void setUp() {
    config = Topologies.cluster(nodes, 3);
  }

  @Benchmark
  public ClusterCertificates issueEveryCertificate() {
    return ClusterPki.create(config, keyType, Clock.systemUTC(), random);
  }
}
