/**
 * The pure planner: desired config + last known state → a {@link io.slipway.engine.plan.Plan},
 * a DAG of steps per host; and the pure diff of desired against observed containers.
 */
package io.slipway.engine.plan;
