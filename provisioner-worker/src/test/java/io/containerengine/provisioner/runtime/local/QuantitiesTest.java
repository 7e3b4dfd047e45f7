package io.containerengine.provisioner.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void parsesMilliCpuAsNanoCpus() {
        assertThat(Quantities.cpuToNanoCpus("100m")).isEqualTo(100_000_000L);
        assertThat(Quantities.cpuToNanoCpus("250m")).isEqualTo(250_000_000L);
        assertThat(Quantities.cpuToNanoCpus("1500m")).isEqualTo(1_500_000_000L);
    }

    @Test
    void parsesWholeAndFractionalCores() {
        assertThat(Quantities.cpuToNanoCpus("1")).isEqualTo(1_000_000_000L);
        assertThat(Quantities.cpuToNanoCpus("0.5")).isEqualTo(500_000_000L);
        assertThat(Quantities.cpuToNanoCpus("2")).isEqualTo(2_000_000_000L);
    }

    @Test
    void parsesBinaryAndDecimalMemorySuffixes() {
        assertThat(Quantities.memoryToBytes("128Mi")).isEqualTo(128L * 1024 * 1024);
        assertThat(Quantities.memoryToBytes("1Gi")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Quantities.memoryToBytes("64Ki")).isEqualTo(64L * 1024);
        assertThat(Quantities.memoryToBytes("1G")).isEqualTo(1_000_000_000L);
        assertThat(Quantities.memoryToBytes("500M")).isEqualTo(500_000_000L);
        assertThat(Quantities.memoryToBytes("100k")).isEqualTo(100_000L);
        assertThat(Quantities.memoryToBytes("1.5Gi")).isEqualTo(1610612736L);
    }

    @Test
    void parsesPlainBytesAndExponents() {
        assertThat(Quantities.memoryToBytes("134217728")).isEqualTo(134217728L);
        assertThat(Quantities.memoryToBytes("128e6")).isEqualTo(128_000_000L);
        assertThat(Quantities.memoryToBytes("1E3")).isEqualTo(1000L);
    }

    @Test
    void treatsMissingQuantityAsNoLimit() {
        assertThat(Quantities.cpuToNanoCpus(null)).isNull();
        assertThat(Quantities.memoryToBytes(" ")).isNull();
    }

    @Test
    void rejectsMalformedQuantities() {
        assertThatThrownBy(() -> Quantities.memoryToBytes("128MB")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid memory quantity");
        assertThatThrownBy(() -> Quantities.cpuToNanoCpus("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid cpu quantity");
        assertThatThrownBy(() -> Quantities.cpuToNanoCpus("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantities.memoryToBytes("0")).isInstanceOf(IllegalArgumentException.class);
    }
}
