/** {@code slipway up}: one class per stage, run in order by {@link io.slipway.engine.up.Up}. */
package io.slipway.engine.up;
