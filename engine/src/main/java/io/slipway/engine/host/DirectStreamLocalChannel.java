package io.slipway.engine.host;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/**
 * An SSH channel to a Unix socket on the server ({@code direct-streamlocal@openssh.com},
 * OpenSSH's PROTOCOL file, section 2.4), which sshj has no class for. Its open request carries
 * the socket path, a reserved string and a reserved uint32.
 */
final class DirectStreamLocalChannel extends AbstractDirectChannel {

  private final String socketPath;

  DirectStreamLocalChannel(Connection connection, String socketPath) {
    super(connection, "direct-streamlocal@openssh.com");
    this.socketPath = socketPath;
  }

  @Override
  protected SSHPacket buildOpenReq() {
    SSHPacket request = super.buildOpenReq();
    request.putString(socketPath).putString("").putUInt32(0);
    return request;
  }

}
