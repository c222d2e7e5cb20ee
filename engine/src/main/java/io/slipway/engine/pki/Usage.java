package io.slipway.engine.pki;

/** What a certificate may be used for (its extended key usages). */
public enum Usage {
  SERVER, CLIENT
}
