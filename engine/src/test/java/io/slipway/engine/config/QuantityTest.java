package io.slipway.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

  static Stream<Arguments> quantities() {
    return Stream.of(
        Arguments.of("plain integer", "32", "32"),
        Arguments.of("millicores", "500m", "0.5"),
        Arguments.of("binary mebibytes", "500Mi", "524288000"),
        Arguments.of("binary gibibytes", "2Gi", "2147483648"),
        Arguments.of("decimal gigabytes", "1G", "1000000000"),
        Arguments.of("decimal kilo", "1.5k", "1500"),
        Arguments.of("exponent", "1e3", "1000"),
        Arguments.of("fraction without leading digit", ".5", "0.5"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("quantities")
  void parsesKubernetesQuantitySyntax(String name, String text, String expected) {
    assertThat(Quantity.parse(text).value()).as(text).isEqualByComparingTo(new BigDecimal(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "2GB", "-1", "1.2.3", "Gi", "1 Gi"})
  void rejectsWhatIsNotAQuantity(String text) {
    assertThat(Quantity.isValid(text)).as("isValid(%s)", text).isFalse();
    assertThatThrownBy(() -> Quantity.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a quantity");
  }

  @Test
  void roundsUpToWholeUnitsAndMillis() {
    assertThat(Quantity.parse("1500m").milliValue()).isEqualTo(1500);
    assertThat(Quantity.parse("0.1").milliValue()).isEqualTo(100);
    assertThat(Quantity.parse("1.5").ceilLong()).isEqualTo(2);
  }
}
