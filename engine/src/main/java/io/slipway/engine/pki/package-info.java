/** The cluster's PKI with BouncyCastle: a CA, certificates with SANs, PEM encoding. No host I/O. */
package io.slipway.engine.pki;
