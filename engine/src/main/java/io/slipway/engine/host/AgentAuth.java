package io.slipway.engine.host;

import java.io.IOException;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * sshj's "publickey" authentication with one key of an {@link SshAgent}: offers the public key,
 * and once the server accepts it (USERAUTH_PK_OK) sends the request signed by the agent.
 */
final class AgentAuth extends AbstractAuthMethod {

  private final SshAgent agent;
  private final SshAgent.Identity identity;

  AgentAuth(SshAgent agent, SshAgent.Identity identity) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
  }

  /** RSA keys sign with SHA-256 (servers refuse ssh-rsa/SHA-1 today); other types as they are. */
  private String algorithm() {
    return identity.keyType().equals("ssh-rsa") ? "rsa-sha2-256" : identity.keyType();
  }

  @Override
  protected SSHPacket buildReq() throws UserAuthException {
    return request(false);
  }

  private SSHPacket request(boolean signed) throws UserAuthException {
    return super.buildReq().putBoolean(signed).putString(algorithm()).putBytes(identity.blob());
  }

  @Override
  public void handle(Message message, SSHPacket packet) throws UserAuthException, TransportException {
    if (message != Message.USERAUTH_60) {
      super.handle(message, packet);
      return;
    }
    SSHPacket signed = request(true);
    byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(signed)
        .getCompactData();
    try {
      signed.putBytes(agent.sign(identity.blob(), data, identity.keyType().equals("ssh-rsa") ? SshAgent.RSA_SHA2_256 : 0));
    } catch (IOException e) {
      throw new UserAuthException("the SSH agent did not sign: " + e.getMessage(), e);
    }
    params.getTransport().write(signed);
  }
}
