package io.slipway.standin.delay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Copies one direction of a connection, each chunk written {@code delay} after it was read
 * (never before the chunk ahead of it: order is kept, as on a link). A reader and a writer
 * thread share a queue; the end of the input closes the output's sending side once everything
 * before it was written, so a half-close crosses the pipe late too.
 */
final class DelayedPipe {

  private static final int CHUNK = 16 * 1024;

  /** Bytes read at a moment, to be written at {@code due} (System.nanoTime); none: the input ended. */
  private record Chunk(long due, byte[] bytes) {
  }

  private final Socket from;
  private final Socket to;
  private final LongSupplier delayNanos;
  private final Runnable done;
  private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

  /** {@code done} runs once everything read was written and the output half-closed (or the connection broke). */
  DelayedPipe(Socket from, Socket to, LongSupplier delayNanos, Runnable done) {
    this.from = from;
    this.to = to;
    this.delayNanos = delayNanos;
    this.done = done;
  }

  void start(String name) {
    Thread reader = new Thread(this::read, name + "-read");
    Thread writer = new Thread(this::write, name + "-write");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private void read() {
    byte[] buffer = new byte[CHUNK];
    long last = 0;
    try {
      InputStream in = from.getInputStream();  // not closed here: that would close the socket both ways
      int n;
      while ((n = in.read(buffer)) >= 0) {
        last = Math.max(last, System.nanoTime() + delayNanos.getAsLong());
        queue.add(new Chunk(last, Arrays.copyOf(buffer, n)));
      }
    } catch (IOException closed) {
      // the connection ended: pass on what came before it
    }
    queue.add(new Chunk(Math.max(last, System.nanoTime() + delayNanos.getAsLong()), null));
  }

  private void write() {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk chunk = queue.take();
        long wait;
        while ((wait = chunk.due() - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        if (chunk.bytes() == null) {
          to.shutdownOutput();
          done.run();
          return;
        }
        out.write(chunk.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException broken) {
      closeQuietly(from);
      closeQuietly(to);
      done.run();
    }
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is all that is left to do
    }
  }
}
