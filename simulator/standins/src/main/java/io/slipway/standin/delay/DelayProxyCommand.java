package io.slipway.standin.delay;

import io.slipway.engine.config.Durations;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code delay-proxy --route LISTEN=TARGET[,SIDE]… --delay 400ms --jitter 50ms}: accepts TCP
 * connections on each LISTEN address and relays them to TARGET, holding what one side sends for
 * the delay (plus a uniform jitter, order kept): {@code client} (what the connecting side sends),
 * {@code server} (what the target answers) or {@code both}. The simulator's delay fault points a
 * node's firewall at it so that only what the node sends on a port is late, as netem's delay on
 * its interface would make it.
 */
@Command(name = "delay-proxy", mixinStandardHelpOptions = true, description = "A TCP relay that delays one side.")
public final class DelayProxyCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(DelayProxyCommand.class);

  /** Which side's bytes are held. */
  enum Side { CLIENT, SERVER, BOTH }

  /** Where to listen, where to relay to, and whose bytes to hold. */
  record Route(InetSocketAddress listen, InetSocketAddress target, Side delayed) {
    static Route parse(String text) {
      String[] parts = text.split("=", 2);
      if (parts.length != 2) {
        throw new IllegalArgumentException("expected LISTEN=TARGET[,client|server|both], not " + text);
      }
      String[] target = parts[1].split(",", 2);
      Side side = target.length == 2 ? Side.valueOf(target[1].toUpperCase(Locale.ROOT)) : Side.BOTH;
      return new Route(address(parts[0]), address(target[0]), side);
    }

    private static InetSocketAddress address(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
  }

  @Option(names = "--route", required = true, description = "LISTEN=TARGET[,client|server|both], repeatable")
  List<String> routes = new ArrayList<>();

  @Option(names = "--delay", required = true, description = "how long bytes are held, e.g. 400ms")
  String delay;

  @Option(names = "--jitter", defaultValue = "0s", description = "up to this much more or less, uniformly")
  String jitter;

  @Override
  public Integer call() throws IOException, InterruptedException {
    long spread = Durations.parse(jitter).toNanos();
    Duration held = Durations.parse(delay);
    List<Route> parsed = routes.stream().map(Route::parse).toList();
    try (DelayProxy proxy = DelayProxy.start(parsed, DelayProxy.jittered(held, Duration.ofNanos(spread), new Random()))) {
      parsed.forEach(route -> LOG.info("relaying {} to {}, {} side held {} (jitter {})", route.listen(), route.target(),
          route.delayed().name().toLowerCase(Locale.ROOT), held, Duration.ofNanos(spread)));
      LOG.info("delay-proxy ready");
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
