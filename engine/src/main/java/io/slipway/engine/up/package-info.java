/**
 * The commands that act on a cluster's hosts: {@code slipway up} (one class per stage, run in
 * order by {@link io.slipway.engine.up.Up}), and the day-2 operations built on the same stages —
 * {@link io.slipway.engine.up.Remove} ({@code slipway remove}) and
 * {@link io.slipway.engine.up.EtcdSnapshots} ({@code slipway etcd snapshot-*}).
 */
package io.slipway.engine.up;
