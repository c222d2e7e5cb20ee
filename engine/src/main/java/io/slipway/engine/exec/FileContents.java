package io.slipway.engine.exec;

import io.slipway.engine.pki.ClusterCertificates;
import io.slipway.engine.plan.FileSource;
import java.nio.charset.StandardCharsets;

/** The bytes of a file the plan writes: planner text as UTF-8, or a certificate or key of the cluster's PKI as PEM. */
public final class FileContents {

  private FileContents() {
  }

  public static byte[] of(FileSource source, ClusterCertificates pki) {
    if (source instanceof FileSource.Text text) {
      return text.content().getBytes(StandardCharsets.UTF_8);
    }
    FileSource.Pki entry = (FileSource.Pki) source;  // FileSource is sealed: Text or Pki
    var cert = pki.require(entry.name());
    return (entry.part() == FileSource.Part.KEY ? cert.privateKeyPem() : cert.certificatePem())
        .getBytes(StandardCharsets.US_ASCII);
  }
}
