package io.slipway.engine.up;

import io.slipway.engine.SlipwayException;
import io.slipway.engine.exec.StepFailure;
import java.util.List;
import java.util.stream.Collectors;

/** {@code up} stopped: every failed host and step, with what was skipped because of them. */
public final class UpFailedException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  public UpFailedException(List<StepFailure> failures, int skipped) {
    super(failures.size() + (failures.size() == 1 ? " step" : " steps") + " failed, " + skipped
        + " skipped:\n" + failures.stream().map(f -> "  " + f).collect(Collectors.joining("\n")));
  }

  @Override
  public String hint() {
    return "fix the hosts named above, then run `slipway up` again; it converges from where it stopped";
  }
}
