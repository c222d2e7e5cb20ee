package io.slipway.standin.delay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay holds one side's bytes for the delay, keeps them whole and in order, and passes a half-close on. */
class DelayProxyTest {

  private static final Duration DELAY = Duration.ofMillis(300);

  private ServerSocket echo;
  private CompletableFuture<Void> echoing;

  /** Answers every byte it reads with the same byte, and closes its side once the client did. */
  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    echoing = CompletableFuture.runAsync(() -> {
      try (Socket accepted = echo.accept()) {
        accepted.getInputStream().transferTo(accepted.getOutputStream());
      } catch (IOException ignored) {
        // the test ended
      }
    });
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
  }

  private DelayProxy proxy(String side) throws IOException {
    String target = "127.0.0.1:" + echo.getLocalPort();
    return DelayProxy.start(List.of(DelayProxyCommand.Route.parse("127.0.0.1:0=" + target + "," + side)),
        () -> DELAY.toNanos());
  }

  /** Sends {@code text}, closes the sending side, reads all that comes back; returns it and the time taken. */
  private static Exchange exchange(int port, String text) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      long start = System.nanoTime();
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      long firstByte = System.nanoTime() - start;
      socket.shutdownOutput();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(first);
      in.transferTo(all);
      return new Exchange(all.toString(StandardCharsets.UTF_8), Duration.ofNanos(firstByte));
    }
  }

  private record Exchange(String answer, Duration firstByte) {
  }

  @Test
  void whatTheClientSendsArrivesLateButWholeAndInOrder() throws IOException {
    String text = "x".repeat(100_000) + "end";
    try (DelayProxy proxy = proxy("client")) {
      Exchange exchange = exchange(proxy.ports().get(0), text);
      assertThat(exchange.answer()).isEqualTo(text);
      assertThat(exchange.firstByte()).isGreaterThanOrEqualTo(DELAY);
    }
  }

  @Test
  void holdingTheServerSideDelaysTheAnswer() throws IOException {
    try (DelayProxy proxy = proxy("server")) {
      Exchange exchange = exchange(proxy.ports().get(0), "ping");
      assertThat(exchange.answer()).isEqualTo("ping");
      assertThat(exchange.firstByte()).isGreaterThanOrEqualTo(DELAY);
    }
  }

  @Test
  void holdingBothSidesDelaysTheRoundTripTwice() throws IOException {
    try (DelayProxy proxy = proxy("both")) {
      Exchange exchange = exchange(proxy.ports().get(0), "ping");
      assertThat(exchange.answer()).isEqualTo("ping");
      assertThat(exchange.firstByte()).isGreaterThanOrEqualTo(DELAY.multipliedBy(2));
    }
  }

  @Test
  void aRouteNamesItsListenerTargetAndSide() {
    DelayProxyCommand.Route route = DelayProxyCommand.Route.parse("0.0.0.0:24800=10.0.0.12:2380,server");
    assertThat(route.listen()).isEqualTo(new InetSocketAddress("0.0.0.0", 24800));
    assertThat(route.target()).isEqualTo(new InetSocketAddress("10.0.0.12", 2380));
    assertThat(route.delayed()).isEqualTo(DelayProxyCommand.Side.SERVER);
  }
}
