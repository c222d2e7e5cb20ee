package io.slipway.engine.host;

import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.signature.SignatureRSA;

/**
 * sshj's defaults, plus RSA certificates signed with SHA-2: sshj offers an RSA certificate only
 * as {@code ssh-rsa-cert-v01@openssh.com} (SHA-1 signatures), which OpenSSH refuses since 8.8,
 * while RKE's Go client uses the {@code rsa-sha2-*-cert-v01} forms.
 */
final class SshConfig extends DefaultConfig {

  @Override
  protected void initKeyAlgorithms() {
    super.initKeyAlgorithms();
    List<Factory.Named<KeyAlgorithm>> algorithms = new ArrayList<>(getKeyAlgorithms());
    int sha1 = algorithms.indexOf(algorithms.stream().filter(a -> a.getName().equals("ssh-rsa-cert-v01@openssh.com"))
        .findFirst().orElseThrow());
    algorithms.addAll(sha1, List.of(
        new KeyAlgorithms.Factory("rsa-sha2-512-cert-v01@openssh.com", new SignatureRSA.FactoryRSASHA512(), KeyType.RSA_CERT),
        new KeyAlgorithms.Factory("rsa-sha2-256-cert-v01@openssh.com", new SignatureRSA.FactoryRSASHA256(), KeyType.RSA_CERT)));
    setKeyAlgorithms(algorithms);
  }
}
