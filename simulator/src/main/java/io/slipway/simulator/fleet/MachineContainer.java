package io.slipway.simulator.fleet;

/**
 * What nodes and load balancers share: a fleet container whose machine-level primitives (power,
 * freeze, network attachment, console) act through the Docker engine that runs it.
 */
abstract class MachineContainer {

  protected final DockerMachine machine;

  MachineContainer(DockerMachine machine) {
    this.machine = machine;
  }

  public String name() {
    return machine.name();
  }

  public ExecResult exec(String... command) {
    return machine.exec(command);
  }

  public void stop() {
    machine.stop();
  }

  public void pause() {
    machine.pause();
  }

  public void unpause() {
    machine.unpause();
  }

  public void disconnect() {
    machine.disconnect();
  }

  public void reconnect() {
    machine.reconnect();
  }

  public NodeState state() {
    return machine.state();
  }
}
