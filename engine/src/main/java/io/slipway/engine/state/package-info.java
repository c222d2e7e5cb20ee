/** What Slipway remembers of a cluster between runs: its nodes, roles and etcd members. */
package io.slipway.engine.state;
