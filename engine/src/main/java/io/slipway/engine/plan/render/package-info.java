/** Text, JSON and DOT renderings of a plan; each is a pure function of the plan. */
package io.slipway.engine.plan.render;
