/** A client of real etcd v3 through its JSON gateway, with mutual TLS and endpoint failover. */
package io.slipway.standin.etcd;
