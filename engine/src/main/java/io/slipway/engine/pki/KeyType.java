package io.slipway.engine.pki;

/** The kind of key pair a certificate gets. */
public enum KeyType {
  /** RSA 2048, what RKE issues. */
  RSA_2048,
  /** ECDSA on P-256: much cheaper to generate. */
  ECDSA_P256
}
