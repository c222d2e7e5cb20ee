/** picocli commands of the engine and the one place that turns failures into messages and exit codes. */
package io.slipway.engine.cli;
