/** What happens during a run, as sealed event records; the progress display and JSON log subscribe to them. */
package io.slipway.engine.event;
