package io.slipway.simulator.standin;

import io.slipway.simulator.standin.apiserver.ApiServerCommand;
import io.slipway.simulator.standin.controller.ControllerManagerCommand;
import io.slipway.simulator.standin.kubelet.KubeletCommand;
import io.slipway.simulator.standin.proxy.KubeProxyCommand;
import io.slipway.simulator.standin.scheduler.SchedulerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The stand-in components' one runnable jar: {@code java -jar standin.jar kube-apiserver --flags…}.
 * The component image puts a wrapper named after each component on PATH.
 */
@Command(name = "standin", mixinStandardHelpOptions = true,
    description = "Stand-in Kubernetes components for Slipway's testbed.",
    subcommands = {ApiServerCommand.class, ControllerManagerCommand.class, SchedulerCommand.class,
        KubeletCommand.class, KubeProxyCommand.class})
public final class StandinMain {

  public static void main(String[] args) {
    int exit = new CommandLine(new StandinMain()).setUnmatchedArgumentsAllowed(true).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
