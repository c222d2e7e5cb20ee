/**
 * The stand-in kube-apiserver: HTTPS with x509 client authentication, objects kept in real etcd
 * under {@code /registry}, resourceVersion from etcd revisions, discovery, tables and watches
 * good enough for kubectl and the fabric8 client.
 */
package io.slipway.standin.apiserver;
